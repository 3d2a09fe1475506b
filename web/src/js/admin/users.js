// Users: list, create, change a password, delete.

import { api, seg } from '../api.js';
import { h, fill, table, toast, heading, field, time } from '../dom.js';

export function usersView(main) {
  const error = h('p', { class: 'error', role: 'alert' });
  const holder = h('div');
  const form = h('form', { class: 'row', 'aria-label': 'New user' },
    h('div', { class: 'grow' }, field('Username', { name: 'username', required: true, pattern: '[A-Za-z0-9._@\\-]{3,64}', autocomplete: 'off' })),
    h('div', { class: 'grow' }, field('Password (8 or more characters)', { name: 'password', type: 'password', required: true, minlength: 8, autocomplete: 'new-password' })),
    h('button', { type: 'submit' }, 'Create user'));

  fill(main, heading('Users', 'People who sign in to apps built on Herald and receive their pushes.'),
    h('section', { class: 'panel' }, h('h2', {}, 'New user'), form), error, holder);

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const f = new FormData(form);
    try {
      const user = await api('POST', '/api/users', { username: f.get('username'), password: f.get('password') });
      toast('Created ' + user.username + ' (' + user.userID + ')');
      form.reset();
      await refresh();
    } catch (err) {
      toast(err.message, true);
    }
  });

  async function remove(u) {
    if (!confirm('Delete user ' + u.username + ' and their access tokens?')) return;
    await api('DELETE', '/api/users/' + seg(u.userID));
    toast('Deleted ' + u.username);
    await refresh();
  }

  async function password(u) {
    const value = prompt('New password for ' + u.username + ' (8 or more characters)');
    if (!value) return;
    await api('PUT', '/api/users/' + seg(u.userID) + '/password', { newPassword: value });
    toast('Password changed');
  }

  async function refresh() {
    const { users } = await api('GET', '/api/users?limit=1000');
    fill(holder, table('Users', [
      { label: 'Username', cell: (u) => u.username },
      { label: 'User id', cell: (u) => h('span', { class: 'mono' }, u.userID) },
      { label: 'Created', cell: (u) => time(u.created * 1000) },
      { label: 'Actions', class: 'actions', cell: (u) => [
        h('a', { class: 'button small quiet', href: '#/push/user:' + encodeURIComponent(u.userID), 'aria-label': 'Push to ' + u.username }, 'Push'), ' ',
        h('button', { type: 'button', class: 'small quiet', 'aria-label': 'Change password of ' + u.username,
          onclick: () => password(u).catch((err) => toast(err.message, true)) }, 'Password'), ' ',
        h('button', { type: 'button', class: 'small danger', 'aria-label': 'Delete ' + u.username,
          onclick: () => remove(u).catch((err) => toast(err.message, true)) }, 'Delete')] },
    ], users, 'No users yet: create the first one above.'));
  }

  refresh().catch((e) => { error.textContent = e.message; });
  return null;
}
