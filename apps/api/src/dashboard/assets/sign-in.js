// Sign-in by pasting the short-lived token the command line prints (`npm run ccm -- token ...`).
import { storeToken } from './api.js';
import { h, showPage } from './dom.js';

export function showSignIn(next) {
  const field = h('textarea', {
    id: 'token',
    name: 'token',
    rows: '4',
    required: true,
    autocomplete: 'off',
    spellcheck: 'false',
  });
  const form = h(
    'form',
    { className: 'sign-in', 'aria-labelledby': 'sign-in-title' },
    h('label', { for: 'token' }, 'Access token'),
    h(
      'p',
      { className: 'hint', id: 'token-hint' },
      'Print one with: npm run ccm -- token --role biller --practice YOUR-PRACTICE --user YOU --ttl 3600',
    ),
    field,
    h('button', { type: 'submit' }, 'Sign in'),
  );
  field.setAttribute('aria-describedby', 'token-hint');
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const token = field.value.trim();
    if (!/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(token)) {
      field.setCustomValidity('This is not a token: paste the whole line the command printed.');
      field.reportValidity();
      return;
    }
    storeToken(token);
    location.assign(next.startsWith('/app/') ? next : '/app/worklist');
  });
  field.addEventListener('input', () => field.setCustomValidity(''));
  showPage('Sign in', form);
  document.querySelector('h1').id = 'sign-in-title';
  document.body.dataset.ready = 'sign-in';
}
