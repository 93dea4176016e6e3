// The endpoint list: health, 24 h success rate and p95 of each, refreshed while it shows.
import { h, replace, table, link, seg, badge } from './dom.js';
import { percent, ms } from './format.js';
import { pagedList } from './lists.js';

export function healthOf(endpoint) {
  return endpoint.enabled ? (endpoint.health && endpoint.health.state) || 'healthy' : 'disabled';
}

/** What an endpoint is called: its description, else where it receives (a pull endpoint has no URL). */
export function endpointLabel(endpoint) {
  return endpoint.description || endpoint.url || endpoint.id;
}

export async function endpointList(ctx) {
  ctx.title('Endpoints');
  const container = h('div', { id: 'endpoints' });
  const list = pagedList(ctx, {
    container, what: 'endpoints',
    load: async cursor => {
      const page = await ctx.api('GET', 'v1/endpoints', { query: { cursor, limit: 20 } });
      const stats = await Promise.all(page.data.map(e => ctx.api('GET', 'v1/endpoints/' + encodeURIComponent(e.id) + '/stats',
        { query: { window: '24h' } }).catch(() => null)));
      return { data: page.data.map((e, i) => ({ e, s: stats[i] })), next_cursor: page.next_cursor };
    },
    render: page => table('Endpoints; success rate and p95 latency over the last 24 hours', [
      { title: 'Endpoint', cell: r => link('endpoints/' + seg(r.e.id), endpointLabel(r.e)) },
      { title: 'URL', cell: r => r.e.delivery === 'pull' ? h('span', { class: 'hint' }, 'pulled by its receiver') : h('code', {}, r.e.url) },
      { title: 'Health', cell: r => badge(healthOf(r.e)) },
      { title: 'Success (24 h)', num: true, cell: r => r.s ? percent(r.s.success_rate, r.s.total) : '?' },
      { title: 'p95 (24 h)', num: true, cell: r => r.s ? ms(r.s.p95_response_ms, r.s.total) : '?' },
      { title: 'Attempts (24 h)', num: true, cell: r => r.s ? String(r.s.total) : '?' },
    ], page.data, 'No endpoints yet. Create one to start receiving events.'),
  });
  replace(ctx.main, h('div', { class: 'row spread' }, ...ctx.heading('Endpoints'),
    h('a', { href: '#/endpoints/new', class: 'button primary', id: 'new-endpoint' }, 'New endpoint')),
  h('p', { class: 'sub' }, 'Where your events are delivered. The list refreshes every few seconds.'),
  ctx.flash && ctx.flash.notice ? h('p', { class: 'success', role: 'status' }, ctx.flash.notice) : null,
  container);
  await list.start();
}
