// API keys: a tenant's own (/v1/api-keys) or, for the admin, any tenant's (/v1/tenants/{id}/api-keys).
import { h, replace, table, errorBox, loading, shownOnce, confirmDialog, announce } from './dom.js';
import { field, input, summary, showErrors, clearErrors, busy } from './forms.js';
import { timeEl } from './format.js';

/** The key list with create and revoke, refreshed while it shows. */
export function keyManager(ctx, base, intro) {
  const list = h('div', { id: 'keys' }, loading('API keys'));
  const issued = h('div', {});
  const name = input({ name: 'key-name', id: 'key-name', required: true, maxlength: '200' });
  const errors = summary();
  const create = h('button', { type: 'submit', class: 'primary' }, 'Create API key');
  const form = h('form', {
    class: 'card', novalidate: true,
    onsubmit: async e => {
      e.preventDefault();
      clearErrors(form, errors);
      try {
        const key = await busy(create, 'Creating…', () => ctx.api('POST', base, { body: { name: name.value } }));
        name.value = '';
        replace(issued, shownOnce('API key "' + key.name + '" — shown once', key.api_key,
          'Copy it now: Hookline keeps only a hash and cannot show it again.', 'new-api-key'));
        announce('API key created. It is shown once.');
        await refresh();
      } catch (err) {
        showErrors(form, errors, err, 'The key was not created.');
      }
    },
  }, h('h2', {}, 'New API key'), errors, field('Name', name, { name: 'name', hint: 'What uses it, e.g. "ci" or "billing service".' }),
  h('div', { class: 'actions' }, create));

  async function revoke(key) {
    const ok = await confirmDialog({
      title: 'Revoke API key "' + key.name + '"?',
      body: h('p', {}, 'The key ', h('code', {}, key.hint), ' stops working at once: anything calling Hookline with it '
        + 'gets 401. This cannot be undone.'),
      confirmLabel: 'Revoke key', danger: true,
    });
    if (!ok) {
      return;
    }
    try {
      await ctx.api('DELETE', base + '/' + encodeURIComponent(key.id));
      announce('API key ' + key.name + ' revoked.');
      await refresh();
    } catch (err) {
      replace(issued, errorBox(err));
    }
  }

  let last = '';
  async function refresh() {
    const page = await ctx.api('GET', base);
    const text = JSON.stringify(page.data);
    if (text === last) {
      return;
    }
    last = text;
    replace(list, table('API keys', [
      { title: 'Name', cell: k => k.name },
      { title: 'Key', cell: k => h('code', {}, k.hint) },
      { title: 'Id', cell: k => h('code', {}, k.id) },
      { title: 'Created', cell: k => timeEl(k.created_at) },
      { title: 'Action', cell: k => h('button', { type: 'button', class: 'revoke', onclick: () => revoke(k),
        'aria-label': 'Revoke API key ' + k.name }, 'Revoke') },
    ], page.data, 'No API keys: nothing can call Hookline for this tenant. Create one below.'));
  }

  return {
    nodes: [intro, issued, list, form],
    async start() {
      try {
        await refresh();
      } catch (err) {
        replace(list, errorBox(err, () => refresh()));
      }
      ctx.life.every(10000, refresh);
    },
  };
}

export async function ownKeys(ctx) {
  ctx.title('API keys');
  const manager = keyManager(ctx, 'v1/api-keys',
    h('p', { class: 'sub' }, 'Keys that can call the Hookline API for this tenant. Revoking the key you signed in with '
      + 'signs you out.'));
  replace(ctx.main, ...ctx.heading('API keys'), ...manager.nodes);
  await manager.start();
}
