// The event catalog: the types Hookline publishes and the tenant's own registered ones, each with an example.
import { h, replace, loading, badge } from './dom.js';
import { json } from './format.js';

export async function eventTypes(ctx) {
  ctx.title('Event types');
  replace(ctx.main, loading('the event types'));
  const catalog = await ctx.api('GET', 'v1/event-types');
  replace(ctx.main, ...ctx.heading('Event types'),
    h('p', { class: 'sub' }, 'Events Hookline publishes itself, then your own registered types; subscribe an endpoint '
      + 'by name, pattern or category (category:<name>). Operational ones reach only endpoints that name them, never catch-all endpoints.'),
    h('div', { id: 'event-type-list' }, catalog.data.map(t => h('section', { class: 'card', 'aria-labelledby': 'et-' + t.type.replace(/\W/g, '_') },
      h('div', { class: 'row' }, h('h2', { id: 'et-' + t.type.replace(/\W/g, '_') }, h('code', {}, t.type)),
        t.operational ? badge('operational') : null, t.owner === 'tenant' ? badge('yours') : null,
        t.deprecated ? badge('deprecated') : null, t.category ? h('span', { class: 'sub' }, 'category:' + t.category) : null),
      h('p', {}, t.description),
      t.example === undefined ? null : h('details', {}, h('summary', {}, 'Example data'), h('pre', {}, json(t.example))),
      t.schema === undefined ? null : h('details', {}, h('summary', {}, 'Schema of its data'), h('pre', {}, json(t.schema)))))));
}
