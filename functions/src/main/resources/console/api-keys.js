// API keys: a tenant's own (/v1/api-keys) or, for the admin, any tenant's (/v1/tenants/{id}/api-keys).
import { h, replace, table, errorBox, shownOnce, confirmDialog, announce } from './dom.js';
import { nameForm } from './forms.js';
import { timeEl } from './format.js';
import { pagedList } from './lists.js';

/** The key list with create and revoke, refreshed while it shows. */
export function keyManager(ctx, base, intro) {
  const container = h('div', { id: 'keys' });
  const issued = h('div', {});
  const list = pagedList(ctx, {
    container, what: 'API keys', every: 10000,
    load: () => ctx.api('GET', base),
    render: page => table('API keys', [
      { title: 'Name', cell: k => k.name },
      { title: 'Key', cell: k => h('code', {}, k.hint) },
      { title: 'Id', cell: k => h('code', {}, k.id) },
      { title: 'Created', cell: k => timeEl(k.created_at) },
      { title: 'Action', cell: k => h('button', { type: 'button', class: 'revoke', onclick: () => revoke(k),
        'aria-label': 'Revoke API key ' + k.name }, 'Revoke') },
    ], page.data, 'No API keys: nothing can call Hookline for this tenant. Create one below.'),
  });

  const form = nameForm({
    heading: 'New API key', id: 'key-name', button: 'Create API key', failure: 'The key was not created.',
    hint: 'What uses it, e.g. "ci" or "billing service".',
    create: async name => {
      const key = await ctx.api('POST', base, { body: { name } });
      replace(issued, shownOnce('API key "' + key.name + '" — shown once', key.api_key,
        'Copy it now: Hookline keeps only a hash and cannot show it again.', 'new-api-key'));
      announce('API key created. It is shown once.');
      await list.refresh(true);
    },
  });

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
      await list.refresh(true);
    } catch (err) {
      replace(issued, errorBox(err));
    }
  }

  return { nodes: [intro, issued, container, form], start: () => list.start() };
}

export async function ownKeys(ctx) {
  ctx.title('API keys');
  const manager = keyManager(ctx, 'v1/api-keys',
    h('p', { class: 'sub' }, 'Keys that can call the Hookline API for this tenant. Revoking the key you signed in with '
      + 'signs you out.'));
  replace(ctx.main, ...ctx.heading('API keys'), ...manager.nodes);
  await manager.start();
}
