// The user's notifications as seed 003 describes them: JSON messages with an "id"; {"id":…,"read":true}
// marks one read; "category" groups them; "status" messages are about the connection, not shown.
// Kept newest first in localStorage (one list per user) so a reload shows what arrived before.

const LIMIT = 200;

/** What one MQTT message is: a notification, a read marker, a status, or text that is not JSON. */
export function classify(text) {
  let msg;
  try {
    msg = JSON.parse(text);
  } catch {
    return { kind: 'notification', item: { id: 'text:' + hash(text), title: text, category: '', when: Date.now() } };
  }
  if (msg === null || typeof msg !== 'object' || Array.isArray(msg)) {
    return { kind: 'notification', item: { id: 'text:' + hash(text), title: text, category: '', when: Date.now() } };
  }
  if (msg.status !== undefined && msg.status !== null) {
    return { kind: 'status', status: Number(msg.status), description: msg.description || '' };
  }
  const id = msg.id !== undefined && msg.id !== null ? String(msg.id) : msg.pushMessageID;
  if (msg.read === true && !hasContent(msg)) {
    return { kind: 'read', id };
  }
  return {
    kind: 'notification',
    item: {
      id: id || 'text:' + hash(text),
      title: msg.title || msg.message || msg.body || msg.text || summary(msg),
      category: msg.category ? String(msg.category) : '',
      when: Number(msg.when) || Date.now(),
      read: msg.read === true,
    },
  };
}

const PLATFORM_KEYS = new Set(['id', 'read', 'sender', 'origin', 'when', 'pushMessageID', 'topic', 'type']);

function hasContent(msg) {
  return Object.keys(msg).some((k) => !PLATFORM_KEYS.has(k));
}

/** The data fields of a message without a title, as "key: value" pairs. */
function summary(msg) {
  const parts = Object.entries(msg).filter(([k]) => !PLATFORM_KEYS.has(k) && k !== 'category')
    .map(([k, v]) => k + ': ' + (typeof v === 'object' ? JSON.stringify(v) : v));
  return parts.length ? parts.join(', ') : '(empty notification)';
}

function hash(text) {
  let x = 0;
  for (let i = 0; i < text.length; i++) x = (Math.imul(x, 31) + text.charCodeAt(i)) | 0;
  return (x >>> 0).toString(36) + '.' + text.length;
}

/** The list of one user; change listeners run after every change. */
export class NotificationStore {
  constructor(userID) {
    this.key = 'herald.inbox.' + userID;
    this.items = [];
    this.readIds = new Set();
    this.listeners = [];
    this.load();
  }

  load() {
    try {
      const saved = JSON.parse(localStorage.getItem(this.key));
      if (saved && Array.isArray(saved.items)) {
        this.items = saved.items;
        this.readIds = new Set(saved.readIds || []);
      }
    } catch {
      this.items = [];
    }
  }

  save() {
    localStorage.setItem(this.key, JSON.stringify({ items: this.items, readIds: [...this.readIds].slice(-LIMIT) }));
  }

  onChange(fn) {
    this.listeners.push(fn);
  }

  changed() {
    this.listeners.forEach((fn) => fn());
  }

  /** Adds a notification unless its id is there already (QoS 1 may deliver twice); true if added. */
  add(item) {
    if (this.items.some((i) => i.id === item.id)) return false;
    const added = { ...item, read: item.read || this.readIds.has(item.id) };
    this.items.push(added);
    this.items.sort((a, b) => b.when - a.when);
    this.items.length = Math.min(this.items.length, LIMIT);
    this.changed();
    return true;
  }

  /** Marks id read (also when its notification has not arrived yet). */
  markRead(id) {
    this.readIds.add(id);
    const item = this.items.find((i) => i.id === id);
    if (item && !item.read) {
      item.read = true;
    }
    this.changed();
  }

  categories() {
    return [...new Set(this.items.map((i) => i.category).filter(Boolean))].sort();
  }

  unread() {
    return this.items.filter((i) => !i.read).length;
  }

  clear() {
    this.items = [];
    this.readIds.clear();
    this.changed();
  }
}
