// The admin's pages: every tenant, and one tenant's API keys.
import { h, replace, table, errorBox, loading, link, seg, shownOnce, announce, props } from './dom.js';
import { field, input, summary, showErrors, clearErrors, busy } from './forms.js';
import { timeEl } from './format.js';
import { keyManager } from './api-keys.js';

export async function tenantList(ctx) {
  ctx.title('Tenants');
  const list = h('div', { id: 'tenants' }, loading('tenants'));
  const created = h('div', {});
  const name = input({ name: 'tenant-name', id: 'tenant-name', required: true, maxlength: '200' });
  const errors = summary();
  const button = h('button', { type: 'submit', class: 'primary' }, 'Create tenant');
  const form = h('form', {
    class: 'card', novalidate: true,
    onsubmit: async e => {
      e.preventDefault();
      clearErrors(form, errors);
      try {
        const t = await busy(button, 'Creating…', () => ctx.api('POST', 'v1/tenants', { body: { name: name.value } }));
        name.value = '';
        replace(created, shownOnce('API key of tenant "' + t.name + '" — shown once', t.api_key,
          'Give it to the tenant now: Hookline keeps only a hash and cannot show it again.', 'new-tenant-key'),
        h('p', {}, 'Tenant ', link('tenants/' + seg(t.id), t.name), ' created.'));
        announce('Tenant ' + t.name + ' created; its first API key is shown once.');
        await refresh();
      } catch (err) {
        showErrors(form, errors, err, 'The tenant was not created.');
      }
    },
  }, h('h2', {}, 'New tenant'), errors, field('Name', name, { name: 'name' }), h('div', { class: 'actions' }, button));

  const cursors = [null];
  let last = '';
  async function refresh() {
    const page = await ctx.api('GET', 'v1/tenants', { query: { cursor: cursors[cursors.length - 1], limit: 25 } });
    const text = JSON.stringify(page);
    if (text === last) {
      return;
    }
    last = text;
    replace(list, table('Tenants, newest first', [
      { title: 'Name', cell: t => link('tenants/' + seg(t.id), t.name) },
      { title: 'Id', cell: t => h('code', {}, t.id) },
      { title: 'Created', cell: t => timeEl(t.created_at) },
    ], page.data, 'No tenants yet. Create the first one below.'),
    h('div', { class: 'pager' },
      cursors.length > 1 ? h('button', { type: 'button', onclick: () => { cursors.pop(); last = ''; refresh(); } }, 'Newer') : null,
      page.next_cursor ? h('button', { type: 'button', onclick: () => { cursors.push(page.next_cursor); last = ''; refresh(); } }, 'Older') : null));
  }

  replace(ctx.main, ...ctx.heading('Tenants'), h('p', { class: 'sub' }, 'Every tenant of this deployment. A tenant sees only its own endpoints, events and sources.'),
    created, list, form);
  try {
    await refresh();
  } catch (err) {
    replace(list, errorBox(err, () => refresh()));
  }
  ctx.life.every(10000, refresh);
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
