// The sign-in page: a user with username and password (POST /api/oauth2/token), or the admin with
// the admin token (checked with GET /api/users).

import { api } from './api.js';
import { session } from './session.js';
import { h, fill, field } from './dom.js';

export function loginView(main) {
  const error = h('p', { class: 'error', role: 'alert' });
  const userForm = h('form', { class: 'stack', 'aria-label': 'User sign-in' },
    field('Username', { name: 'username', autocomplete: 'username', required: true, autofocus: true }),
    field('Password', { name: 'password', type: 'password', autocomplete: 'current-password', required: true }),
    h('button', { type: 'submit' }, 'Sign in'));
  const adminForm = h('form', { class: 'stack', 'aria-label': 'Admin sign-in', hidden: true },
    field('Admin token', { name: 'token', type: 'password', autocomplete: 'off', required: true }),
    h('p', { class: 'muted' }, 'The token `herald serve` printed on its first start, or a token created with "admin": true.'),
    h('button', { type: 'submit' }, 'Open the admin console'));

  userForm.addEventListener('submit', async (e) => {
    e.preventDefault();
    error.textContent = '';
    const f = new FormData(userForm);
    try {
      const answer = await api('POST', '/api/oauth2/token',
        { username: f.get('username'), password: f.get('password'), grant_type: 'password' }, { token: null });
      session.set({
        kind: 'user', token: answer.access_token, userID: answer.id, username: f.get('username'),
        expiresAt: Date.now() + answer.expires_in * 1000,
      });
      location.hash = '#/inbox';
    } catch (err) {
      error.textContent = err.status === 401 ? 'Wrong username or password.' : err.message;
    }
  });
  adminForm.addEventListener('submit', async (e) => {
    e.preventDefault();
    error.textContent = '';
    const token = new FormData(adminForm).get('token').trim();
    try {
      await api('GET', '/api/users?limit=1', undefined, { token });
      session.set({ kind: 'admin', token });
      location.hash = '#/sessions';
    } catch (err) {
      error.textContent = err.status === 401 ? 'This token is not valid.'
        : err.status === 403 ? 'This token is valid but not an admin token.' : err.message;
    }
  });

  const userTab = h('button', { type: 'button', role: 'tab', 'aria-selected': 'true', id: 'tab-user' }, 'User');
  const adminTab = h('button', { type: 'button', role: 'tab', 'aria-selected': 'false', id: 'tab-admin' }, 'Admin');
  const select = (admin) => {
    userTab.setAttribute('aria-selected', String(!admin));
    adminTab.setAttribute('aria-selected', String(admin));
    userForm.hidden = admin;
    adminForm.hidden = !admin;
    error.textContent = '';
    (admin ? adminForm : userForm).querySelector('input').focus();
  };
  userTab.addEventListener('click', () => select(false));
  adminTab.addEventListener('click', () => select(true));

  fill(main, h('div', { class: 'login panel' },
    h('h1', {}, 'Sign in to Herald'),
    h('p', { class: 'lead' }, 'Users see their notifications live; the admin manages the broker and the platform.'),
    h('div', { class: 'tabs', role: 'tablist', 'aria-label': 'Who signs in' }, userTab, adminTab),
    userForm, adminForm, error));
}
