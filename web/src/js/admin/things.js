// Things: list with online state, register (secret shown once), regenerate the secret, delete; one
// thing's page (#/things/ID) with its latest properties and a command form (issue 17's device API).

import { api, seg } from '../api.js';
import { h, fill, table, toast, heading, field, time, secret } from '../dom.js';
import { aclEditor, aclText } from './acl.js';
import { thingDetail } from './thing-detail.js';

export function thingsView(main, thingID) {
  if (thingID) return thingDetail(main, thingID);
  const error = h('p', { class: 'error', role: 'alert' });
  const holder = h('div');
  const shown = h('div', { 'aria-live': 'polite' });
  const acl = aclEditor('ACL (empty: the thing uses its own $oc/devices topics)');
  const form = h('form', { class: 'stack', 'aria-label': 'New thing' },
    field('Thing id (empty: generated)', { name: 'thingID', pattern: '[A-Za-z0-9._:\\-]{1,64}', autocomplete: 'off' }),
    field('Secret (empty: generated, 8 or more characters)', { name: 'secret', type: 'password', minlength: 8, autocomplete: 'new-password' }),
    acl.element,
    h('div', {}, h('button', { type: 'submit' }, 'Register thing')));

  fill(main, heading('Things', 'Devices that log in with their secret, their certificate or Huawei\'s HMAC scheme.'),
    h('details', { class: 'panel' }, h('summary', {}, 'Register a thing'), form), shown, error, holder);

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const f = new FormData(form);
    const body = {};
    if (f.get('thingID')) body.thingID = f.get('thingID');
    if (f.get('secret')) body.secret = f.get('secret');
    if (acl.value().length) body.acl = acl.value();
    try {
      const created = await api('POST', '/api/things', body);
      fill(shown, secret('Secret of ' + created.thingID, created.secret));
      form.reset();
      await refresh();
    } catch (err) {
      toast(err.message, true);
    }
  });

  async function regenerate(t) {
    if (!confirm('Replace the secret of ' + t.thingID + '? Its connections are closed.')) return;
    const answer = await api('POST', '/api/things/' + seg(t.thingID) + '/secret');
    fill(shown, secret('New secret of ' + answer.thingID, answer.secret));
  }

  async function remove(t) {
    if (!confirm('Delete thing ' + t.thingID + '? Its connections are closed.')) return;
    await api('DELETE', '/api/things/' + seg(t.thingID));
    toast('Deleted ' + t.thingID);
    await refresh();
  }

  async function refresh() {
    const { things } = await api('GET', '/api/things?limit=1000');
    fill(holder, table('Things', [
      { label: 'Thing id', cell: (t) => h('a', { href: '#/things/' + encodeURIComponent(t.thingID), class: 'mono' }, t.thingID) },
      { label: 'State', cell: (t) => t.online === undefined ? '—'
        : h('span', { class: t.online ? 'badge on' : 'badge' }, t.online ? 'online' : 'offline') },
      { label: 'ACL', cell: (t) => aclText(t.acl) },
      { label: 'Certificate', cell: (t) => t.certFingerprint ? h('span', { class: 'mono', title: t.certFingerprint }, t.certFingerprint.slice(0, 11) + '…') : '—' },
      { label: 'Created', cell: (t) => time(t.created * 1000) },
      { label: 'Actions', class: 'actions', cell: (t) => [
        h('button', { type: 'button', class: 'small quiet', 'aria-label': 'New secret for ' + t.thingID,
          onclick: () => regenerate(t).catch((err) => toast(err.message, true)) }, 'New secret'), ' ',
        h('button', { type: 'button', class: 'small danger', 'aria-label': 'Delete ' + t.thingID,
          onclick: () => remove(t).catch((err) => toast(err.message, true)) }, 'Delete')] },
    ], things, 'No things yet.'));
  }

  refresh().catch((e) => { error.textContent = e.message; });
  return null;
}
