// One thing: its facts and online state, the latest value of each reported property (refreshed every
// 3 s), and a command form (POST /api/things/{id}/commands) that shows the thing's answer, or that it
// timed out or is offline.

import { api, seg } from '../api.js';
import { h, fill, table, heading, field, time } from '../dom.js';
import { aclText } from './acl.js';
import { poll } from './poll.js';

export function thingDetail(main, thingID) {
  const facts = h('dl', { class: 'facts' });
  const properties = h('div', { id: 'thing-properties' });
  const error = h('p', { class: 'error', role: 'alert' });
  const answer = h('div', { id: 'command-answer', 'aria-live': 'polite' });
  const form = h('form', { class: 'stack', 'aria-label': 'Send a command' },
    field('Service id', { name: 'service_id', required: true, placeholder: 'smokeDetector' }),
    field('Command name', { name: 'command_name', required: true, placeholder: 'SILENCE' }),
    field('Parameters (JSON object)', { name: 'paras', value: '{}', rows: 4, spellcheck: 'false' }, 'textarea'),
    field('Wait for the answer (seconds)', { name: 'timeout', type: 'number', min: 1, max: 60, value: 20 }),
    h('div', {}, h('button', { type: 'submit' }, 'Send command')));

  fill(main,
    h('p', {}, h('a', { href: '#/things' }, '← Things')),
    heading('Thing ' + thingID),
    error,
    h('div', { class: 'grid' },
      h('section', { class: 'panel', 'aria-label': 'Facts' }, h('h2', {}, 'Facts'), facts),
      h('section', { class: 'panel', 'aria-label': 'Command' }, h('h2', {}, 'Command'), form, answer)),
    h('h2', {}, 'Latest properties'), properties);

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const f = new FormData(form);
    let paras;
    try {
      paras = JSON.parse(f.get('paras') || '{}');
      if (paras === null || typeof paras !== 'object' || Array.isArray(paras)) throw new Error('not an object');
    } catch (err) {
      fill(answer, h('p', { class: 'error' }, 'Parameters must be a JSON object: ' + err.message));
      return;
    }
    const button = form.querySelector('button');
    button.disabled = true;
    const timeout = Number(f.get('timeout')) || 20;
    fill(answer, h('p', { class: 'muted', 'data-outcome': 'waiting' }, 'Waiting up to ' + timeout + ' s for the answer…'));
    try {
      const result = await api('POST', '/api/things/' + seg(thingID) + '/commands',
        { service_id: f.get('service_id'), command_name: f.get('command_name'), paras, timeout });
      const r = result.response || {};
      fill(answer, h('div', { class: 'panel', 'data-outcome': 'answered' },
        h('p', {}, h('strong', {}, r.result_code === 0 || r.result_code === undefined ? 'Answered' : 'Answered with result code ' + r.result_code),
          ' · command ' + result.command_id),
        r.response_name ? h('p', {}, 'Response: ' + r.response_name) : null,
        h('pre', { class: 'mono' }, JSON.stringify(r.paras ?? r, null, 2))));
    } catch (err) {
      const outcome = err.code === 'COMMAND_TIMEOUT' ? 'timeout' : err.code === 'THING_OFFLINE' ? 'offline' : 'error';
      const text = outcome === 'timeout' ? 'No answer within ' + timeout + ' s.'
        : outcome === 'offline' ? 'The thing is offline (or not subscribed to its commands).' : err.message;
      fill(answer, h('p', { class: 'error', 'data-outcome': outcome }, text));
    } finally {
      button.disabled = false;
    }
  });

  async function refresh() {
    const t = await api('GET', '/api/things/' + seg(thingID));
    fill(facts,
      h('dt', {}, 'State'), h('dd', {}, t.online === undefined ? 'unknown'
        : h('span', { class: t.online ? 'badge on' : 'badge', id: 'thing-online' }, t.online ? 'online' : 'offline')),
      t.lastConnectedAt ? [h('dt', {}, 'Last connected'), h('dd', {}, time(Date.parse(t.lastConnectedAt)))] : null,
      t.lastDisconnectedAt ? [h('dt', {}, 'Last disconnected'), h('dd', {}, time(Date.parse(t.lastDisconnectedAt))
        + (t.lastDisconnectReason ? ' (' + t.lastDisconnectReason + ')' : ''))] : null,
      h('dt', {}, 'ACL'), h('dd', {}, aclText(t.acl)),
      h('dt', {}, 'Certificate'), h('dd', { class: 'mono' }, t.certFingerprint || '—'),
      h('dt', {}, 'Info'), h('dd', { class: 'mono' }, t.info ? JSON.stringify(t.info) : '—'),
      h('dt', {}, 'Created'), h('dd', {}, time(t.created * 1000)));
    try {
      const p = await api('GET', '/api/things/' + seg(thingID) + '/properties');
      const rows = [];
      for (const s of p.services) {
        for (const [name, reading] of Object.entries(s.properties)) rows.push({ service: s.service_id, name, ...reading });
      }
      fill(properties, table('Latest properties', [
        { label: 'Service', cell: (r) => r.service },
        { label: 'Property', cell: (r) => r.name },
        { label: 'Value', cell: (r) => h('span', { class: 'mono' }, JSON.stringify(r.value)) },
        { label: 'Event time', cell: (r) => time(Date.parse(r.event_time)) },
        { label: 'Received', cell: (r) => time(Date.parse(r.received_at)) },
      ], rows, 'No property reported yet.'));
    } catch (err) {
      if (err.status === 404 && err.code !== 'THING_NOT_FOUND') {
        fill(properties, h('p', { class: 'muted' }, 'This server has no device API (properties and commands).'));
      } else {
        throw err;
      }
    }
  }

  return poll(3000, refresh, error);
}
