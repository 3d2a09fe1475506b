// The console's shell: sign-in state, navigation by location hash (#/inbox, #/sessions, …), one view
// at a time in <main>. A view is render(main, arg) → optional cleanup, called when the view is left.

import { onUnauthorized } from './api.js';
import { session } from './session.js';
import { h, fill, toast } from './dom.js';
import { loginView } from './login.js';
import { inboxView } from './inbox.js';
import { sessionsView } from './admin/sessions.js';
import { usersView } from './admin/users.js';
import { thingsView } from './admin/things.js';
import { tokensView } from './admin/tokens.js';
import { installationsView } from './admin/installations.js';
import { pushView } from './admin/push.js';
import { retainedView } from './admin/retained.js';
import { brokerView } from './admin/broker.js';

const USER_VIEWS = [
  { path: 'inbox', title: 'Notifications', render: inboxView },
];
const ADMIN_VIEWS = [
  { path: 'sessions', title: 'Sessions', render: sessionsView },
  { path: 'broker', title: 'Broker', render: brokerView },
  { path: 'users', title: 'Users', render: usersView },
  { path: 'things', title: 'Things', render: thingsView },
  { path: 'tokens', title: 'Tokens', render: tokensView },
  { path: 'installations', title: 'Installations', render: installationsView },
  { path: 'push', title: 'Push', render: pushView },
  { path: 'retained', title: 'Retained', render: retainedView },
];

const main = document.getElementById('main');
const nav = document.getElementById('nav');
const navToggle = document.getElementById('nav-toggle');
const who = document.getElementById('who');
const logout = document.getElementById('logout');
let cleanup = null;

function views() {
  const s = session.current();
  if (!s) return [];
  return s.kind === 'admin' ? ADMIN_VIEWS : USER_VIEWS;
}

function renderNav(current) {
  const s = session.current();
  nav.hidden = !s;
  navToggle.hidden = !s;
  logout.hidden = !s;
  who.textContent = !s ? '' : s.kind === 'admin' ? 'Admin' : 'Signed in as ' + (s.username || s.userID);
  if (!s) return;
  const list = views();
  fill(nav, h('h2', {}, s.kind === 'admin' ? 'Admin' : 'You'),
    h('ul', {}, list.map((v) => h('li', {},
      h('a', { href: '#/' + v.path, 'aria-current': v.path === current ? 'page' : false }, v.title)))));
}

function route() {
  if (cleanup) {
    try { cleanup(); } catch (e) { console.warn('leaving the view failed', e); }
    cleanup = null;
  }
  const [path, ...rest] = location.hash.replace(/^#\/?/, '').split('/');
  const arg = rest.length ? decodeURIComponent(rest.join('/')) : undefined;
  const s = session.current();
  if (!s) {
    renderNav(null);
    document.title = 'Sign in · Herald';
    loginView(main);
    return;
  }
  const list = views();
  const view = list.find((v) => v.path === path);
  if (!view) {
    location.replace('#/' + list[0].path);
    return;
  }
  renderNav(view.path);
  document.title = view.title + ' · Herald';
  main.replaceChildren();
  cleanup = view.render(main, arg) || null;
  closeNavOnPhone();
}

function closeNavOnPhone() {
  if (window.matchMedia('(max-width: 720px)').matches) {
    nav.classList.add('closed');
    navToggle.setAttribute('aria-expanded', 'false');
  }
}

navToggle.addEventListener('click', () => {
  const open = nav.classList.toggle('closed') === false;
  navToggle.setAttribute('aria-expanded', String(open));
  if (open) nav.querySelector('a')?.focus();
});
nav.addEventListener('keydown', (e) => {
  if (e.key === 'Escape' && window.matchMedia('(max-width: 720px)').matches) {
    closeNavOnPhone();
    navToggle.focus();
  }
});
logout.addEventListener('click', () => {
  session.clear();
  location.hash = '#/';
});
onUnauthorized(() => {
  if (session.current()) {
    session.clear();
    toast('Your sign-in has ended; please sign in again.', true);
  }
});
session.onChange(() => route());
window.addEventListener('hashchange', route);
closeNavOnPhone();
route();
