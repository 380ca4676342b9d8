// The api's JSON routes, asked with the signed-in user's bearer token: the dashboard has no access of its own.

const TOKEN_KEY = 'ccm.dashboard.token';

/** A sign-in link carries the token in the fragment (never sent to a server); it is taken out at once. */
export function takeTokenFromFragment() {
  const match = /^#token=([A-Za-z0-9._-]+)$/.exec(location.hash);
  if (!match) return;
  sessionStorage.setItem(TOKEN_KEY, match[1]);
  history.replaceState(null, '', location.pathname + location.search);
}

export function storeToken(token) {
  sessionStorage.setItem(TOKEN_KEY, token);
}

export function signOut() {
  sessionStorage.removeItem(TOKEN_KEY);
}

const token = () => sessionStorage.getItem(TOKEN_KEY);

/**
 * Who the token says the user is, for what the page shows. Its expiry is left to the api (this machine's
 * clock may differ): a refused token signs the user out.
 */
export function currentUser() {
  const value = token();
  if (!value) return null;
  try {
    const payload = value.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    const claims = JSON.parse(atob(payload));
    return { userId: claims.sub, role: claims.role, practiceId: claims.practice };
  } catch {
    return null;
  }
}

export class ApiFailure extends Error {
  constructor(status, reason, message) {
    super(message);
    this.status = status;
    this.reason = reason;
  }
}

async function call(method, path, purpose, headers = {}) {
  const response = await fetch(path, {
    method,
    headers: { Authorization: `Bearer ${token() ?? ''}`, 'X-Purpose-Of-Use': purpose, ...headers },
    credentials: 'omit',
    cache: 'no-store',
  });
  if (response.status === 401) {
    signOut();
    location.assign('/app/sign-in');
    throw new ApiFailure(401, 'UNAUTHENTICATED', 'Signed out: the token expired or is not valid.');
  }
  if (!response.ok) {
    const problem = await response.json().catch(() => ({}));
    throw new ApiFailure(response.status, problem.reason ?? 'ERROR', problem.message ?? 'The api refused.');
  }
  return response;
}

export async function getJson(path, purpose) {
  return (await call('GET', path, purpose)).json();
}

export async function getText(path, purpose) {
  return (await call('GET', path, purpose)).text();
}

/** Every item of a paged list, a thousand at a time. */
export async function getAll(path, purpose) {
  const items = [];
  let cursor = null;
  let first = null;
  do {
    const separator = path.includes('?') ? '&' : '?';
    const page = await getJson(
      `${path}${separator}limit=1000${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      purpose,
    );
    first ??= page;
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return { ...first, items, nextCursor: null };
}

export async function post(path, purpose) {
  return (await call('POST', path, purpose, { 'Content-Type': 'application/json' })).json();
}
