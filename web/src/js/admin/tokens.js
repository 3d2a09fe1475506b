// Tokens (flespi style): list, create with an ACL editor and a lifetime (the token is shown once),
// regenerate, revoke.

import { api, seg } from '../api.js';
import { h, fill, table, toast, heading, field, time, secret, duration } from '../dom.js';
import { aclEditor, aclText } from './acl.js';

const UNITS = { seconds: 1, minutes: 60, hours: 3600, days: 86400 };

export function tokensView(main) {
  const error = h('p', { class: 'error', role: 'alert' });
  const holder = h('div');
  const shown = h('div', { 'aria-live': 'polite' });
  const acl = aclEditor('ACL');
  acl.add('project/#', ['subscribe']);
  const unit = h('select', { name: 'unit', 'aria-label': 'Lifetime unit' },
    Object.keys(UNITS).map((u) => h('option', { value: u }, u)));
  unit.value = 'days';
  const form = h('form', { class: 'stack wide', 'aria-label': 'New token' },
    field('Description', { name: 'info', maxlength: 1024, placeholder: 'user1 - project/group/user1' }),
    h('div', { class: 'row' },
      h('label', { class: 'grow' }, 'Lifetime (empty: never expires)', h('input', { name: 'ttl', type: 'number', min: 1, value: 30 })),
      unit),
    acl.element,
    h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 'api' }), 'May call the REST API within its ACL'),
    h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 'admin' }), 'Admin (everything; no ACL needed)'),
    h('div', {}, h('button', { type: 'submit' }, 'Create token')));

  fill(main, heading('Tokens', 'Credentials for MQTT (the token is the user name) and, with "api", for the REST API.'),
    h('details', { class: 'panel', open: true }, h('summary', {}, 'Create a token'), form), shown, error, holder);

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const f = new FormData(form);
    const body = { acl: acl.value() };
    if (f.get('info')) body.info = f.get('info');
    if (f.get('ttl')) body.ttl = Number(f.get('ttl')) * UNITS[unit.value];
    if (f.get('api')) body.api = true;
    if (f.get('admin')) body.admin = true;
    try {
      const created = await api('POST', '/api/tokens', body);
      fill(shown, secret('Token ' + created.id, created.token));
      await refresh();
    } catch (err) {
      toast(err.message, true);
    }
  });

  async function regenerate(t) {
    if (!confirm('Replace token ' + t.id + '? Connections with the old one are closed.')) return;
    const created = await api('POST', '/api/tokens/' + seg(t.id) + '/regenerate');
    fill(shown, secret('New token ' + created.id, created.token));
  }

  async function revoke(t) {
    if (!confirm('Revoke token ' + t.id + '? Its connections are closed.')) return;
    await api('DELETE', '/api/tokens/' + seg(t.id));
    toast('Revoked ' + t.id);
    await refresh();
  }

  async function refresh() {
    const { tokens } = await api('GET', '/api/tokens?limit=1000');
    const now = Date.now() / 1000;
    fill(holder, table('Tokens', [
      { label: 'Id', cell: (t) => h('span', { class: 'mono' }, t.id) },
      { label: 'Description', cell: (t) => t.info || '' },
      { label: 'Kind', cell: (t) => t.admin ? 'admin' : t.api ? 'MQTT + API' : 'MQTT' },
      { label: 'ACL', cell: (t) => aclText(t.acl) },
      { label: 'Expires', cell: (t) => !t.expires ? 'never'
        : t.expires < now ? h('span', { class: 'error' }, 'expired') : 'in ' + duration(t.expires - now) },
      { label: 'Created', cell: (t) => time(t.created * 1000) },
      { label: 'Actions', class: 'actions', cell: (t) => [
        h('button', { type: 'button', class: 'small quiet', 'aria-label': 'Regenerate token ' + t.id,
          onclick: () => regenerate(t).catch((err) => toast(err.message, true)) }, 'Regenerate'), ' ',
        h('button', { type: 'button', class: 'small danger', 'aria-label': 'Revoke token ' + t.id,
          onclick: () => revoke(t).catch((err) => toast(err.message, true)) }, 'Revoke')] },
    ], tokens, 'No tokens yet.'));
  }

  refresh().catch((e) => { error.textContent = e.message; });
  return null;
}
