// The user's view (seeds 000 and 003): live notifications, newest first, with a category filter; "mark
// read" goes through the backend, which pushes {"id":…,"read":true} to the user's installation, so
// every tab and device marks it read when the marker arrives. The connection's state and reconnect
// attempts are shown here and in the top bar.

import { api, seg } from './api.js';
import { session } from './session.js';
import { h, fill, time, toast, heading } from './dom.js';
import { NotificationStore, classify } from './push/notifications.js';
import { PushConnection } from './push/connection.js';
import { TabHub } from './push/tabs.js';

const STATE_TEXT = {
  idle: 'Starting',
  installing: 'Installing for push',
  fetching: 'Fetching the endpoint',
  connecting: 'Connecting',
  connected: 'Live',
  waiting: 'Reconnecting',
  'taken-over': 'Connected elsewhere',
  failed: 'Not connected',
  stopped: 'Stopped',
};
const STATE_CLASS = { connected: 'ok', waiting: 'warn', connecting: 'warn', fetching: 'warn', 'taken-over': 'warn', failed: 'bad' };

export function inboxView(main) {
  const me = session.current();
  const store = new NotificationStore(me.userID);
  const hub = new TabHub(me.userID);
  const pending = new Set();
  let connection = null;
  let lastState = { name: 'idle', attempt: 0, detail: '' };

  const pill = document.getElementById('connection');
  const stateLine = h('p', { id: 'connection-state', 'aria-live': 'polite' });
  const connectHere = h('button', { type: 'button', class: 'small', hidden: true }, 'Connect here');
  const log = h('ol', { class: 'connection-log', 'aria-label': 'Connection log' });
  const category = h('select', { id: 'category', 'aria-label': 'Category' });
  const unreadOnly = h('input', { type: 'checkbox', id: 'unread-only' });
  const count = h('span', { class: 'muted', 'aria-live': 'polite' });
  const list = h('ul', { class: 'notifications', id: 'notifications', 'aria-label': 'Notifications' });

  fill(main,
    heading('Notifications', 'New ones appear here as they are pushed, newest first.'),
    h('section', { class: 'panel', 'aria-label': 'Connection' },
      h('div', { class: 'row' }, h('div', { class: 'grow' }, stateLine), connectHere),
      h('details', {}, h('summary', {}, 'Connection log'), log)),
    h('div', { class: 'toolbar' },
      h('label', {}, 'Category', category),
      h('label', { class: 'check' }, unreadOnly, 'Unread only'),
      h('span', { class: 'spacer' }), count),
    list);

  function showState(state, viaTab) {
    lastState = state;
    const text = STATE_TEXT[state.name] || state.name;
    const attempts = state.attempt ? ' · attempt ' + state.attempt : '';
    pill.hidden = false;
    pill.className = 'pill ' + (STATE_CLASS[state.name] || '');
    pill.textContent = text + (state.transport && state.name === 'connected' ? ' · ' + state.transport : '') + attempts;
    stateLine.dataset.state = state.name;
    stateLine.dataset.attempt = String(state.attempt || 0);
    stateLine.dataset.renewals = String(state.renewals || 0);
    fill(stateLine, h('strong', {}, text), state.detail ? ' — ' + state.detail : '', attempts,
      state.renewals ? ' · credential renewed ' + state.renewals + '×' : '',
      viaTab ? h('span', { class: 'muted' }, ' (shared with another tab)') : '');
    connectHere.hidden = !(state.name === 'taken-over' && hub.leader);
  }

  function addLog(line) {
    log.prepend(h('li', {}, time(Date.now()) + ' ' + line));
    while (log.children.length > 30) log.lastChild.remove();
  }

  function handle(text) {
    const m = classify(text);
    if (m.kind === 'status') {
      addLog('status ' + m.status + (m.description ? ': ' + m.description : ''));
      if (m.status === 401 && connection) connection.renew(m.description || 'status 401');
    } else if (m.kind === 'read') {
      if (m.id) store.markRead(m.id);
    } else {
      store.add(m.item);
    }
  }

  function render() {
    const cats = store.categories();
    const chosen = category.value;
    fill(category, h('option', { value: '' }, 'All'), cats.map((c) => h('option', { value: c }, c)));
    category.value = cats.includes(chosen) ? chosen : '';
    const shown = store.items.filter((i) => (!category.value || i.category === category.value)
      && (!unreadOnly.checked || !i.read));
    count.textContent = store.unread() + ' unread of ' + store.items.length;
    if (shown.length === 0) {
      fill(list, h('li', { class: 'empty muted' }, store.items.length ? 'Nothing matches the filter.'
        : 'No notifications yet. They appear here the moment they are pushed.'));
      return;
    }
    fill(list, shown.map(item));
  }

  function item(n) {
    const markButton = n.read ? h('span', { class: 'badge' }, 'Read')
      : h('button', {
        type: 'button', class: 'small quiet', disabled: pending.has(n.id),
        'aria-label': 'Mark "' + n.title.slice(0, 60) + '" read',
        onclick: () => markRead(n.id),
      }, pending.has(n.id) ? 'Marking…' : 'Mark read');
    return h('li', { class: n.read ? 'read' : 'unread', 'data-id': n.id },
      h('span', { class: 'title' }, n.title),
      h('span', { class: 'side' }, markButton),
      h('span', { class: 'meta' },
        n.category ? h('span', { class: 'badge' }, n.category) : null,
        h('time', { datetime: new Date(n.when).toISOString() }, time(n.when))));
  }

  async function markRead(id) {
    pending.add(id);
    render();
    try {
      await api('POST', '/api/users/' + seg(me.userID) + '/push/read', { id });
    } catch (e) {
      toast('Could not mark it read: ' + e.message, true);
    } finally {
      pending.delete(id);
      render();
    }
  }

  store.onChange(() => {
    store.save();
    render();
  });
  category.addEventListener('change', render);
  unreadOnly.addEventListener('change', render);
  connectHere.addEventListener('click', () => connection && connection.reconnectNow());

  hub.onMessage((msg) => {
    if (msg.type === 'mqtt' && !hub.leader) handle(msg.text);
    else if (msg.type === 'state' && !hub.leader) showState(msg.state, true);
    else if (msg.type === 'log' && !hub.leader) addLog(msg.line);
    else if (msg.type === 'hello' && hub.leader) hub.post({ type: 'state', state: lastState });
  });
  hub.lead(() => {
    connection = new PushConnection();
    connection.on('state', (state) => {
      showState(state, false);
      hub.post({ type: 'state', state });
    });
    connection.on('log', (line) => {
      addLog(line);
      hub.post({ type: 'log', line });
    });
    connection.on('message', (text) => {
      handle(text);
      hub.post({ type: 'mqtt', text });
    });
    connection.start();
  });
  hub.post({ type: 'hello' });
  showState(lastState, false);
  render();

  return () => {
    if (connection) connection.stop();
    hub.close();
    pill.hidden = true;
  };
}
