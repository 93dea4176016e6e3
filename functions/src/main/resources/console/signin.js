// Sign-in with an API key: a tenant key (hk_…) opens the tenant's console, the admin key the tenants page.
import { ApiError, roleOf, session } from './api.js';
import { h, replace } from './dom.js';
import { field, busy } from './forms.js';

export function signin(ctx) {
  ctx.title('Sign in');
  const key = h('input', {
    type: 'password', id: 'api-key', name: 'api-key', autocomplete: 'off', spellcheck: 'false', required: true,
  });
  const error = h('div', { id: 'signin-error', role: 'alert' });
  const button = h('button', { type: 'submit', class: 'primary', id: 'sign-in' }, 'Sign in');
  const form = h('form', {
    class: 'card signin', novalidate: true,
    onsubmit: async e => {
      e.preventDefault();
      replace(error);
      const value = key.value.trim();
      if (!value) {
        replace(error, h('p', { class: 'alert' }, 'Enter an API key.'));
        key.setAttribute('aria-invalid', 'true');
        key.focus();
        return;
      }
      try {
        const role = await busy(button, 'Signing in…', () => roleOf(value));
        session.start(value, role);
        key.value = '';
        ctx.navigate(role === 'admin' ? 'tenants' : 'endpoints');
      } catch (err) {
        key.setAttribute('aria-invalid', 'true');
        replace(error, h('p', { class: 'alert' }, err instanceof ApiError && err.status === 401
          ? 'That key was not accepted. Check that you pasted all of it: tenant keys start with hk_, and the admin '
            + 'key is the value of the stack\'s AdminKeySecretArn secret (printed by ./hookline-local).'
          : 'Signing in failed: ' + err.message));
        key.focus();
      }
    },
  },
  ...ctx.heading('Sign in to Hookline'),
  ctx.flash && ctx.flash.notice ? h('p', { class: 'notice', role: 'status' }, ctx.flash.notice) : null,
  h('p', { class: 'hint' }, 'Your key stays in this browser tab only (session storage) and is sent as an '
    + 'Authorization header; signing out or closing the tab forgets it.'),
  field('API key', key, { hint: 'A tenant API key (hk_…) or the admin key.' }),
  error,
  h('div', { class: 'actions' }, button));
  session.clear();
  replace(ctx.main, form);
}
