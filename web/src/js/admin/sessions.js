// Live MQTT sessions (GET /api/mqtt/sessions, every 2 s) with kick (DELETE, optionally discarding the
// persistent session and its queue).

import { api, seg } from '../api.js';
import { h, fill, table, toast, heading, duration } from '../dom.js';
import { poll } from './poll.js';

const PROTOCOL = { 3: 'MQTT 3.1', 4: 'MQTT 3.1.1', 5: 'MQTT 5' };

export function sessionsView(main) {
  const prefix = h('input', { id: 'session-filter', type: 'search', placeholder: 'client id starts with…' });
  const offline = h('input', { type: 'checkbox', id: 'session-offline' });
  const discard = h('input', { type: 'checkbox', id: 'session-discard' });
  const error = h('p', { class: 'error', role: 'alert' });
  const summary = h('p', { class: 'muted', 'aria-live': 'polite' });
  const holder = h('div');

  fill(main,
    heading('Sessions', 'MQTT clients as the broker sees them, refreshed every 2 seconds.'),
    h('div', { class: 'toolbar' },
      h('label', {}, 'Filter', prefix),
      h('label', { class: 'check' }, offline, 'Include offline persistent sessions'),
      h('label', { class: 'check' }, discard, 'Kick also discards the session and its queue')),
    error, summary, holder);

  async function kick(s) {
    const query = discard.checked ? '?discard=true' : '';
    await api('DELETE', '/api/mqtt/sessions/' + seg(s.clientId) + query);
    toast('Kicked ' + s.clientId);
    await refresh();
  }

  async function refresh() {
    const params = new URLSearchParams({ limit: '1000' });
    if (!offline.checked) params.set('connected', 'true');
    if (prefix.value.trim()) params.set('clientId', prefix.value.trim());
    const { sessions } = await api('GET', '/api/mqtt/sessions?' + params);
    const online = sessions.filter((s) => s.connected).length;
    summary.textContent = online + ' connected' + (offline.checked ? ', ' + (sessions.length - online) + ' offline' : '');
    const focused = document.activeElement && holder.contains(document.activeElement)
      ? document.activeElement.getAttribute('aria-label') : null;
    fill(holder, table('Sessions', [
      { label: 'Client id', cell: (s) => h('span', { class: 'mono' }, s.clientId) },
      { label: 'Principal', cell: (s) => s.principal ? s.principal.kind + ':' + s.principal.id : '—' },
      { label: 'Protocol', cell: (s) => PROTOCOL[s.protocolLevel] || (s.protocolLevel ? 'level ' + s.protocolLevel : '—') },
      { label: 'Transport', cell: (s) => s.transport || '—' },
      { label: 'Since', cell: (s) => s.connectedSince ? h('time', { datetime: s.connectedSince, title: s.connectedSince },
        duration((Date.now() - Date.parse(s.connectedSince)) / 1000) + ' ago') : (s.connected ? '' : 'offline') },
      { label: 'Subscriptions', cell: (s) => (s.subscriptions || []).join(', ') },
      { label: 'Queued', cell: (s) => String(s.queued ?? 0) },
      { label: 'Actions', class: 'actions', cell: (s) => h('button', {
        type: 'button', class: 'small danger', 'aria-label': 'Kick ' + s.clientId,
        onclick: (e) => { e.target.disabled = true; kick(s).catch((err) => { e.target.disabled = false; toast(err.message, true); }); },
      }, 'Kick') },
    ], sessions, offline.checked ? 'No sessions.' : 'No client is connected.'));
    if (focused) holder.querySelector('[aria-label="' + CSS.escape(focused) + '"]')?.focus();
  }

  prefix.addEventListener('input', () => refresh().catch((e) => { error.textContent = e.message; }));
  offline.addEventListener('change', () => refresh().catch((e) => { error.textContent = e.message; }));
  return poll(2000, refresh, error);
}
