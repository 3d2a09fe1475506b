// Push installations (issue 16's API): install a user or a thing, look one up by its id or
// MQTT:registrationID, fetch its endpoint (fresh credentials), uninstall. The API has no listing.

import { api, seg } from '../api.js';
import { h, fill, toast, heading, field } from '../dom.js';

export function installationsView(main) {
  const result = h('div', { 'aria-live': 'polite', id: 'installation' });
  const kind = h('select', { name: 'kind', 'aria-label': 'Owner kind' },
    h('option', { value: 'userID' }, 'User id'), h('option', { value: 'thingID' }, 'Thing id'));
  const install = h('form', { class: 'row', 'aria-label': 'Install for push' },
    h('label', {}, 'Owner', kind),
    h('div', { class: 'grow' }, field('Id', { name: 'owner', required: true })),
    h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 'development' }), 'Development'),
    h('button', { type: 'submit' }, 'Install'));
  const lookup = h('form', { class: 'row', 'aria-label': 'Find an installation' },
    h('div', { class: 'grow' }, field('Installation id or MQTT:registration id', { name: 'ref', required: true })),
    h('button', { type: 'submit' }, 'Find'));

  fill(main, heading('Installations', 'A user or thing installed for MQTT push has one pinned session that queues its pushes.'),
    h('section', { class: 'panel' }, h('h2', {}, 'Install'), install),
    h('section', { class: 'panel' }, h('h2', {}, 'Find'), lookup), result);

  async function show(ref) {
    const i = await api('GET', '/api/installations/' + seg(ref));
    const endpointBox = h('div');
    fill(result, h('section', { class: 'panel', 'aria-label': 'Installation ' + i.installationID },
      h('dl', { class: 'facts' },
        h('dt', {}, 'Installation id'), h('dd', { class: 'mono' }, i.installationID),
        h('dt', {}, 'Registration id'), h('dd', { class: 'mono' }, i.installationRegistrationID),
        h('dt', {}, 'Owner'), h('dd', {}, i.userID ? 'user ' + i.userID : 'thing ' + i.thingID),
        h('dt', {}, 'Environment'), h('dd', {}, i.development ? 'development' : 'production')),
      h('div', { class: 'row' },
        h('button', { type: 'button', class: 'quiet', onclick: () => endpoint(i.installationID, endpointBox).catch((e) => toast(e.message, true)) },
          'New endpoint credentials'),
        h('button', { type: 'button', class: 'danger', onclick: () => uninstall(i).catch((e) => toast(e.message, true)) }, 'Uninstall')),
      endpointBox));
  }

  async function endpoint(id, box) {
    if (!confirm('Issue new credentials? The installation\'s current password stops working for new connections.')) return;
    const ep = await api('GET', '/api/installations/' + seg(id) + '/mqtt-endpoint');
    fill(box, h('pre', { class: 'mono' }, JSON.stringify(ep, null, 2)));
  }

  async function uninstall(i) {
    if (!confirm('Uninstall ' + i.installationID + '? Its connection is closed and its queue discarded.')) return;
    await api('DELETE', '/api/installations/' + seg(i.installationID));
    toast('Uninstalled');
    fill(result);
  }

  install.addEventListener('submit', async (e) => {
    e.preventDefault();
    const f = new FormData(install);
    try {
      const answer = await api('POST', '/api/installations',
        { deviceType: 'MQTT', development: !!f.get('development'), [kind.value]: f.get('owner') }, { raw: true });
      toast(answer.status === 201 ? 'Installed' : 'Already installed');
      await show(answer.body.installationID);
    } catch (err) {
      toast(err.message, true);
    }
  });
  lookup.addEventListener('submit', (e) => {
    e.preventDefault();
    show(new FormData(lookup).get('ref').trim()).catch((err) => toast(err.message, true));
  });
  return null;
}
