// Retained messages: those whose topic matches a filter, one's payload on demand, clear.

import { api, seg } from '../api.js';
import { h, fill, table, toast, heading } from '../dom.js';

export function retainedView(main) {
  const filter = h('input', { id: 'retained-filter', value: '#', 'aria-label': 'Topic filter' });
  const error = h('p', { class: 'error', role: 'alert' });
  const holder = h('div');
  const payload = h('div', { 'aria-live': 'polite' });
  const form = h('form', { class: 'toolbar', 'aria-label': 'Find retained messages' },
    h('label', {}, 'Topic filter', filter), h('button', { type: 'submit' }, 'Show'));

  fill(main, heading('Retained messages', 'What a new subscriber gets at once, per topic.'), form, error, payload, holder);

  async function show(m) {
    const full = await api('GET', '/api/mqtt/retained/' + seg(m.topic));
    fill(payload, h('section', { class: 'panel', 'aria-label': 'Payload of ' + m.topic },
      h('h2', {}, m.topic), h('p', { class: 'muted' }, 'QoS ' + full.qos + ' · ' + full.encoding),
      h('pre', { class: 'mono' }, full.payload)));
  }

  async function clear(m) {
    if (!confirm('Clear the retained message of ' + m.topic + '?')) return;
    await api('DELETE', '/api/mqtt/retained/' + seg(m.topic));
    toast('Cleared ' + m.topic);
    await refresh();
  }

  async function refresh() {
    const { messages } = await api('GET', '/api/mqtt/retained?limit=1000&filter=' + encodeURIComponent(filter.value || '#'));
    fill(holder, table('Retained messages', [
      { label: 'Topic', cell: (m) => h('span', { class: 'mono' }, m.topic) },
      { label: 'QoS', cell: (m) => String(m.qos ?? '') },
      { label: 'Size', cell: (m) => (m.payloadSize ?? 0) + ' B' },
      { label: 'Actions', class: 'actions', cell: (m) => [
        h('button', { type: 'button', class: 'small quiet', 'aria-label': 'Show ' + m.topic,
          onclick: () => show(m).catch((err) => toast(err.message, true)) }, 'Show'), ' ',
        h('button', { type: 'button', class: 'small danger', 'aria-label': 'Clear ' + m.topic,
          onclick: () => clear(m).catch((err) => toast(err.message, true)) }, 'Clear')] },
    ], messages, 'No retained message matches.'));
  }

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    error.textContent = '';
    refresh().catch((err) => { error.textContent = err.message; });
  });
  refresh().catch((e) => { error.textContent = e.message; });
  return null;
}
