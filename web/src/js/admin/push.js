// The push composer: a push to a push topic's subscribers, a user or a thing (issue 16's API), or a raw
// MQTT publish (POST /api/mqtt/messages); shows how many it matched, then follows the push's status
// (delivered, acknowledged, expired, dropped) for a while.

import { api, seg } from '../api.js';
import { h, fill, heading, field } from '../dom.js';

const TARGETS = {
  user: { label: 'User', path: (id) => '/api/users/' + seg(id) + '/push/messages', idLabel: 'User id' },
  thing: { label: 'Thing', path: (id) => '/api/things/' + seg(id) + '/push/messages', idLabel: 'Thing id' },
  topic: { label: 'Push topic', path: (id) => '/api/topics/' + seg(id) + '/push/messages', idLabel: 'Push topic id' },
  mqtt: { label: 'Raw MQTT publish', idLabel: 'MQTT topic' },
};
const FOLLOW_MS = 15000;

export function pushView(main, preset) {
  const [presetKind, ...presetId] = (preset || 'user:').split(':');
  const target = h('select', { name: 'target', id: 'push-target', 'aria-label': 'Send to' },
    Object.entries(TARGETS).map(([k, t]) => h('option', { value: k }, t.label)));
  target.value = TARGETS[presetKind] ? presetKind : 'user';
  const idLabel = h('span', {});
  const id = h('input', { name: 'id', id: 'push-id', required: true, value: presetId.join(':') });
  const pushFields = h('div', { class: 'stack' },
    field('Data (flat JSON object, merged into the delivered message)',
      { name: 'data', id: 'push-data', rows: 5, spellcheck: 'false', value: '{\n  "title": "Hello from Herald",\n  "category": "news"\n}' }, 'textarea'),
    h('div', { class: 'row' },
      h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 'production', checked: true }), 'Production'),
      h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 'development', checked: true }), 'Development')));
  const mqttFields = h('div', { class: 'stack' },
    field('Payload', { name: 'payload', id: 'push-payload', rows: 4, spellcheck: 'false' }, 'textarea'),
    h('div', { class: 'row' },
      h('label', {}, 'QoS', h('select', { name: 'qos' }, [0, 1, 2].map((q) => h('option', { value: q }, String(q))))),
      h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 'retain' }), 'Retain')));
  const expiry = h('input', { name: 'expiry', type: 'number', min: 0, placeholder: '600' });
  const result = h('div', { id: 'push-result', 'aria-live': 'polite' });
  const form = h('form', { class: 'stack wide', 'aria-label': 'Compose a push' },
    h('div', { class: 'row' }, h('label', {}, 'Send to', target), h('label', { class: 'grow' }, idLabel, id)),
    pushFields, mqttFields,
    h('label', {}, 'Expiry in seconds (how long it waits for an offline receiver)', expiry),
    h('div', {}, h('button', { type: 'submit' }, 'Send')));

  fill(main, heading('Push', 'Send a notification and watch it arrive.'),
    h('section', { class: 'panel' }, form), result);

  const switchTarget = () => {
    const raw = target.value === 'mqtt';
    idLabel.textContent = TARGETS[target.value].idLabel;
    pushFields.hidden = raw;
    mqttFields.hidden = !raw;
  };
  target.addEventListener('change', switchTarget);
  switchTarget();

  let following = null;
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearTimeout(following);
    const f = new FormData(form);
    const button = form.querySelector('button[type="submit"]');
    button.disabled = true;
    try {
      if (target.value === 'mqtt') {
        const message = { topic: f.get('id'), payload: f.get('payload') || '', qos: Number(f.get('qos')), retain: !!f.get('retain') };
        if (f.get('expiry')) message.messageExpiryInterval = Number(f.get('expiry'));
        const { results } = await api('POST', '/api/mqtt/messages', message);
        const r = results[0];
        fill(result, h('section', { class: 'panel', 'data-matched': r.matched ?? 0 },
          r.accepted ? h('p', {}, h('strong', {}, 'Published'), ' · matched ' + (r.matched ?? 0) + ' session(s)'
            + (r.durable ? ' · stored for every persistent one' : ''))
            : h('p', { class: 'error' }, 'Refused: ' + (r.errorCode || '') + ' ' + (r.detail || ''))));
        return;
      }
      let data;
      try {
        data = JSON.parse(f.get('data') || '{}');
      } catch (err) {
        fill(result, h('p', { class: 'error' }, 'Data is not JSON: ' + err.message));
        return;
      }
      const body = { data, mqtt: { enabled: true }, sendToProduction: !!f.get('production'), sendToDevelopment: !!f.get('development') };
      if (f.get('expiry')) body.expiry = Number(f.get('expiry'));
      const sent = await api('POST', TARGETS[target.value].path(f.get('id')), body);
      showStatus({ ...sent, delivered: 0, acknowledged: 0, expired: 0, dropped: 0 });
      follow(sent.pushMessageID, Date.now());
    } catch (err) {
      fill(result, h('p', { class: 'error', role: 'alert' }, err.message));
    } finally {
      button.disabled = false;
    }
  });

  function showStatus(s) {
    const figure = (label, value) => h('div', { class: 'chart' }, h('h3', {}, label), h('div', { class: 'value', 'data-figure': label }, String(value ?? 0)));
    fill(result, h('section', { 'aria-label': 'Push ' + s.pushMessageID },
      h('p', { class: 'muted' }, 'Push ', h('span', { class: 'mono' }, s.pushMessageID)),
      h('div', { class: 'grid figures' },
        figure('matched', s.matched), figure('queued', s.queued), figure('delivered', s.delivered),
        figure('acknowledged', s.acknowledged), figure('expired', s.expired), figure('dropped', s.dropped))));
  }

  function follow(pushMessageID, since) {
    following = setTimeout(async () => {
      try {
        showStatus(await api('GET', '/api/push/messages/' + seg(pushMessageID)));
      } catch (err) {
        return;
      }
      if (Date.now() - since < FOLLOW_MS) follow(pushMessageID, since);
    }, 1000);
  }

  return () => clearTimeout(following);
}
