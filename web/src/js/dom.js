// Small DOM helpers: elements from data (never from HTML strings, so nothing a server sends is
// interpreted as markup), tables, toasts, times.

/**
 * h('button', {class: 'quiet', onclick: f, 'aria-label': 'Kick'}, 'Kick') builds an element.
 * Attributes starting with "on" become listeners; true/false set or leave out boolean attributes;
 * children are nodes, strings or arrays of them (null and false are skipped).
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') {
      el.addEventListener(key.slice(2), value);
    } else if (key === 'value') {
      el.value = value;
    } else if (key === 'style' && typeof value === 'object') {
      Object.assign(el.style, value); // CSSOM, which the console's Content-Security-Policy allows
    } else if (key === 'checked') {
      el.checked = !!value;
    } else {
      el.setAttribute(key, value === true ? '' : String(value));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else el.append(child instanceof Node ? child : String(child));
  }
}

/** Replaces the children of el. */
export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/**
 * A table: columns are {label, cell(row) → node or text, class?}; rows an array; caption is the
 * table's accessible name.
 */
export function table(caption, columns, rows, empty = 'Nothing here yet.') {
  const body = rows.length === 0
    ? [h('tr', {}, h('td', { colspan: columns.length, class: 'empty' }, empty))]
    : rows.map((row) => h('tr', {}, columns.map((c) => h('td', { class: c.class }, c.cell(row)))));
  return h('div', { class: 'table-wrap' },
    h('table', { 'aria-label': caption },
      h('thead', {}, h('tr', {}, columns.map((c) => h('th', { scope: 'col' }, c.label)))),
      h('tbody', {}, body)));
}

/** A labelled input: field('Username', {name: 'username', required: true}). */
export function field(label, attrs = {}, tag = 'input') {
  return h('label', {}, label, h(tag, attrs));
}

/** A short message in the corner; bad ones stay longer. */
export function toast(message, bad = false) {
  const box = document.getElementById('toasts');
  const el = h('div', { class: bad ? 'toast bad' : 'toast' }, message);
  box.append(el);
  setTimeout(() => el.remove(), bad ? 8000 : 3500);
}

/** A button that runs an async action, disabled meanwhile; failures become toasts. */
export function action(label, run, attrs = {}) {
  const button = h('button', { type: 'button', ...attrs }, label);
  button.addEventListener('click', async () => {
    button.disabled = true;
    try {
      await run(button);
    } catch (e) {
      toast(e.message, true);
    } finally {
      button.disabled = false;
    }
  });
  return button;
}

/** A shown-once secret with a copy button. */
export function secret(label, value) {
  const copy = h('button', { type: 'button', class: 'small quiet', 'aria-label': 'Copy ' + label }, 'Copy');
  copy.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(value);
      toast('Copied');
    } catch {
      toast('Copy failed: select the text and copy it', true);
    }
  });
  return h('div', { class: 'secret', role: 'group', 'aria-label': label },
    h('strong', {}, label + ' (shown once): '), h('code', { class: 'mono' }, value), copy);
}

/** "12:04:05" today, else "2026-12-07 12:04". */
export function time(ms) {
  if (ms === undefined || ms === null) return '';
  const d = new Date(ms);
  const now = new Date();
  const pad = (n) => String(n).padStart(2, '0');
  const clock = pad(d.getHours()) + ':' + pad(d.getMinutes()) + ':' + pad(d.getSeconds());
  if (d.toDateString() === now.toDateString()) return clock;
  return d.getFullYear() + '-' + pad(d.getMonth() + 1) + '-' + pad(d.getDate()) + ' ' + clock.slice(0, 5);
}

/** "3 s", "5 min", "2 h", "4 d" ago or ahead. */
export function duration(seconds) {
  const s = Math.abs(Math.round(seconds));
  if (s < 60) return s + ' s';
  if (s < 3600) return Math.round(s / 60) + ' min';
  if (s < 86400) return Math.round(s / 3600) + ' h';
  return Math.round(s / 86400) + ' d';
}

/** A page heading with a lead sentence. */
export function heading(title, lead) {
  return [h('h1', {}, title), lead ? h('p', { class: 'lead' }, lead) : null];
}
