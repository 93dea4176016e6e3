// The endpoint list: health, 24 h success rate and p95 of each, refreshed while it shows.
import { h, replace, table, errorBox, loading, link, seg, badge } from './dom.js';
import { percent, ms } from './format.js';

export function healthOf(endpoint) {
  return endpoint.enabled ? (endpoint.health && endpoint.health.state) || 'healthy' : 'disabled';
}

export async function endpointList(ctx) {
  ctx.title('Endpoints');
  const list = h('div', { id: 'endpoints' }, loading('endpoints'));
  const cursors = [null];
  let last = '';

  async function refresh() {
    const page = await ctx.api('GET', 'v1/endpoints', { query: { cursor: cursors[cursors.length - 1], limit: 20 } });
    const stats = await Promise.all(page.data.map(e =>
      ctx.api('GET', 'v1/endpoints/' + encodeURIComponent(e.id) + '/stats', { query: { window: '24h' } }).catch(() => null)));
    const rows = page.data.map((e, i) => ({ e, s: stats[i] }));
    const text = JSON.stringify(rows);
    if (text === last) {
      return;
    }
    last = text;
    replace(list, table('Endpoints; success rate and p95 latency over the last 24 hours', [
      { title: 'Endpoint', cell: r => link('endpoints/' + seg(r.e.id), r.e.description || r.e.url) },
      { title: 'URL', cell: r => h('code', {}, r.e.url) },
      { title: 'Health', cell: r => badge(healthOf(r.e)) },
      { title: 'Success (24 h)', num: true, cell: r => r.s ? percent(r.s.success_rate, r.s.total) : '?' },
      { title: 'p95 (24 h)', num: true, cell: r => r.s ? ms(r.s.p95_response_ms, r.s.total) : '?' },
      { title: 'Attempts (24 h)', num: true, cell: r => r.s ? String(r.s.total) : '?' },
    ], rows, 'No endpoints yet. Create one to start receiving events.'),
    h('div', { class: 'pager' },
      cursors.length > 1 ? h('button', { type: 'button', onclick: () => { cursors.pop(); last = ''; refresh(); } }, 'Previous page') : null,
      page.next_cursor ? h('button', { type: 'button', onclick: () => { cursors.push(page.next_cursor); last = ''; refresh(); } }, 'Next page') : null));
  }

  replace(ctx.main, h('div', { class: 'row spread' }, ...ctx.heading('Endpoints'),
    h('a', { href: '#/endpoints/new', class: 'button primary', id: 'new-endpoint' }, 'New endpoint')),
  h('p', { class: 'sub' }, 'Where your events are delivered. The list refreshes every few seconds.'),
  ctx.flash && ctx.flash.notice ? h('p', { class: 'success', role: 'status' }, ctx.flash.notice) : null,
  list);
  try {
    await refresh();
  } catch (err) {
    replace(list, errorBox(err, () => refresh()));
  }
  ctx.life.every(5000, refresh);
}
