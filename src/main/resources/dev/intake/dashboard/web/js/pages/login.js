import { api } from '../api.js';
import { h, fill, field } from '../dom.js';

/** Asks for the API key once; the server answers with a session cookie. */
export function loginPage(main, onSignedIn) {
  const key = h('input', { type: 'password', name: 'api_key', autocomplete: 'current-password', required: true });
  const status = h('div', { 'aria-live': 'polite' });
  const submit = h('button', { type: 'submit' }, 'Sign in');
  const form = h('form', {
    class: 'card login',
    onsubmit: async (e) => {
      e.preventDefault();
      submit.disabled = true;
      fill(status);
      try {
        const state = await api('/dashboard/session', { method: 'POST', body: { api_key: key.value } });
        onSignedIn(state);
      } catch (err) {
        fill(status, h('p', { class: 'notice bad', role: 'alert' },
          err.status === 401 ? 'That is not this server’s API key. Check INTAKE_API_KEY and try again.' : err.message));
        submit.disabled = false;
        key.focus();
      }
    },
  },
  h('h1', {}, 'Sign in to Intake'),
  h('p', { class: 'muted' }, 'This server needs its API key (INTAKE_API_KEY). You are asked once; the browser then keeps a session until you sign out.'),
  field('API key', key),
  status,
  h('div', { class: 'actions' }, submit));
  fill(main, form);
  key.focus();
  return {};
}
