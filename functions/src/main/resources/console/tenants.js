// The admin's pages: every tenant, and one tenant's API keys.
import { h, replace, table, loading, link, seg, shownOnce, announce, props } from './dom.js';
import { nameForm } from './forms.js';
import { timeEl } from './format.js';
import { keyManager } from './api-keys.js';
import { pagedList } from './lists.js';

export async function tenantList(ctx) {
  ctx.title('Tenants');
  const container = h('div', { id: 'tenants' });
  const created = h('div', {});
  const list = pagedList(ctx, {
    container, what: 'tenants', every: 10000,
    load: cursor => ctx.api('GET', 'v1/tenants', { query: { cursor, limit: 25 } }),
    render: page => table('Tenants, newest first', [
      { title: 'Name', cell: t => link('tenants/' + seg(t.id), t.name) },
      { title: 'Id', cell: t => h('code', {}, t.id) },
      { title: 'Created', cell: t => timeEl(t.created_at) },
    ], page.data, 'No tenants yet. Create the first one below.'),
  });
  const form = nameForm({
    heading: 'New tenant', id: 'tenant-name', button: 'Create tenant', failure: 'The tenant was not created.',
    create: async name => {
      const t = await ctx.api('POST', 'v1/tenants', { body: { name } });
      replace(created, shownOnce('API key of tenant "' + t.name + '" — shown once', t.api_key,
        'Give it to the tenant now: Hookline keeps only a hash and cannot show it again.', 'new-tenant-key'),
      h('p', {}, 'Tenant ', link('tenants/' + seg(t.id), t.name), ' created.'));
      announce('Tenant ' + t.name + ' created; its first API key is shown once.');
      await list.refresh(true);
    },
  });
  replace(ctx.main, ...ctx.heading('Tenants'),
    h('p', { class: 'sub' }, 'Every tenant of this deployment. A tenant sees only its own endpoints, events and sources.'),
    created, container, form);
  await list.start();
}

export async function tenantDetail(ctx, id) {
  ctx.title('Tenant');
  replace(ctx.main, loading('the tenant'));
  const tenant = await ctx.api('GET', 'v1/tenants/' + encodeURIComponent(id));
  ctx.title(tenant.name);
  const manager = keyManager(ctx, 'v1/tenants/' + encodeURIComponent(id) + '/api-keys',
    props([['Id', h('code', {}, tenant.id)], ['Created', timeEl(tenant.created_at)]]));
  replace(ctx.main, h('p', {}, link('tenants', '← Tenants')), ...ctx.heading('Tenant ' + tenant.name), ...manager.nodes);
  await manager.start();
}
