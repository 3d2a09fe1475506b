// Who is signed in: a user (access token from the login) or the admin (the admin token or an admin
// API token). Kept in localStorage so every tab of this browser shares it; other tabs learn of a
// sign-in or sign-out through the storage event.

const KEY = 'herald.session';
const listeners = [];

function read() {
  try {
    const s = JSON.parse(localStorage.getItem(KEY));
    if (!s || !s.token || (s.expiresAt && s.expiresAt < Date.now())) return null;
    return s;
  } catch {
    return null;
  }
}

export const session = {
  /** {kind: 'user'|'admin', token, userID?, username?, expiresAt?} or null. */
  current: read,

  /** Signs in; every tab of this browser follows. */
  set(value) {
    localStorage.setItem(KEY, JSON.stringify(value));
    listeners.forEach((fn) => fn(value));
  },

  /** Signs out; every tab of this browser follows. */
  clear() {
    localStorage.removeItem(KEY);
    listeners.forEach((fn) => fn(null));
  },

  /** fn(session or null) when this or another tab signs in or out. */
  onChange(fn) {
    listeners.push(fn);
  },
};

window.addEventListener('storage', (e) => {
  if (e.key === KEY) listeners.forEach((fn) => fn(read()));
});
