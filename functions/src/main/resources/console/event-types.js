// The catalog of events Hookline itself publishes, each with an example of its data.
import { h, replace, loading, badge } from './dom.js';
import { json } from './format.js';

export async function eventTypes(ctx) {
  ctx.title('Event types');
  replace(ctx.main, loading('the event types'));
  const catalog = await ctx.api('GET', 'v1/event-types');
  replace(ctx.main, ...ctx.heading('Event types'),
    h('p', { class: 'sub' }, 'Events Hookline publishes itself; subscribe an endpoint to them by name or pattern. '
      + 'Operational ones reach only endpoints that name them, never catch-all endpoints.'),
    h('div', { id: 'event-type-list' }, catalog.data.map(t => h('section', { class: 'card', 'aria-labelledby': 'et-' + t.type.replace(/\W/g, '_') },
      h('div', { class: 'row' }, h('h2', { id: 'et-' + t.type.replace(/\W/g, '_') }, h('code', {}, t.type)),
        t.operational ? badge('operational') : null),
      h('p', {}, t.description),
      h('details', {}, h('summary', {}, 'Example data'), h('pre', {}, json(t.example)))))));
}
