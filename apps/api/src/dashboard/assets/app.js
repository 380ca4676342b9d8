// Which page the path names; each page module draws itself into <main> from the api's answers.
import { currentUser, signOut, takeTokenFromFragment } from './api.js';
import { h, showProblem } from './dom.js';

const PAGES = {
  worklist: () => import('./worklist.js'),
  overview: () => import('./overview.js'),
  billing: () => import('./billing.js'),
  patients: () => import('./patient.js'),
  team: () => import('./team.js'),
  outcomes: () => import('./outcomes.js'),
  funnel: () => import('./funnel.js'),
};

function showWho(user) {
  const button = h('button', { type: 'button', id: 'sign-out' }, 'Sign out');
  button.addEventListener('click', () => {
    signOut();
    location.assign('/app/sign-in');
  });
  document
    .getElementById('who')
    .replaceChildren(
      h('span', {}, `${user.userId} · ${user.role.replace('_', ' ')} · ${user.practiceId}`),
      button,
    );
  const nav = document.getElementById('nav');
  nav.hidden = false;
  const section = location.pathname.split('/')[2];
  for (const link of nav.querySelectorAll('a')) {
    if (link.dataset.page === section) link.setAttribute('aria-current', 'page');
  }
}

async function start() {
  takeTokenFromFragment();
  const [, , section, id] = location.pathname.split('/');
  const user = currentUser();
  if (section === 'sign-in' || !user) {
    const { showSignIn } = await import('./sign-in.js');
    showSignIn(section === 'sign-in' ? '/app/worklist' : location.pathname + location.search);
    return;
  }
  showWho(user);
  const load = PAGES[section];
  if (!load) return showProblem('Not found', 'There is no such page.');
  const page = await load();
  try {
    await page.show({ user, id: id === undefined ? undefined : decodeURIComponent(id) });
  } catch (error) {
    // The api's own words (never a value from the record), or that it could not be reached.
    const message = error && error.reason ? error.message : 'The api could not be reached; try again.';
    showProblem(error && error.status === 404 ? 'Not found' : 'Something went wrong', message);
  }
  document.body.dataset.ready = section;
}

start();
