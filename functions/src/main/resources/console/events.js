// Events: the tenant's published events (newest first), one event with its deliveries, and publishing one.
import { h, replace, table, loading, link, seg, badge, props } from './dom.js';
import { pagedList } from './lists.js';
import { field, input, summary, showErrors, clearErrors, busy } from './forms.js';
import { timeEl, json } from './format.js';

export async function eventList(ctx) {
  ctx.title('Events');
  const container = h('div', { id: 'events' });
  const list = pagedList(ctx, {
    container, what: 'events',
    load: cursor => ctx.api('GET', 'v1/events', { query: { cursor, limit: 25 } }),
    render: page => table('Events, newest first', [
      { title: 'Published', cell: e => timeEl(e.timestamp) },
      { title: 'Type', cell: e => h('code', {}, e.type) },
      { title: 'Event', cell: e => link('events/' + seg(e.id), h('code', {}, e.id)) },
    ], page.data, 'No events yet. Publish one with POST /v1/events or the button above.'),
  });
  replace(ctx.main, h('div', { class: 'row spread' }, ...ctx.heading('Events'),
    h('a', { href: '#/events/new', class: 'button primary', id: 'publish-event' }, 'Publish event')),
  h('p', { class: 'sub' }, 'Everything published for this tenant, kept for the retention period. Refreshes every few seconds.'),
  container);
  await list.start();
}

export async function eventDetail(ctx, id) {
  ctx.title('Event ' + id);
  replace(ctx.main, loading('the event'));
  const path = 'v1/events/' + encodeURIComponent(id);
  let event = await ctx.api('GET', path);
  const deliveries = h('div', { id: 'event-deliveries' });
  function render() {
    replace(deliveries, table('Deliveries of this event, one per subscribed endpoint', [
      { title: 'Endpoint', cell: d => link('endpoints/' + seg(d.endpoint_id), h('code', {}, d.endpoint_id)) },
      { title: 'Status', cell: d => [badge(d.status), d.parked ? [' ', badge('parked')] : null] },
      { title: 'Attempts', num: true, cell: d => String(d.attempt_count) },
      { title: 'Delivery', cell: d => link('deliveries/' + seg(d.id), h('code', {}, d.id)) },
    ], event.deliveries, 'No deliveries (yet): no enabled endpoint subscribes to ' + event.type + ', or fan-out is still running.'));
  }
  render();
  replace(ctx.main, h('p', {}, link('events', '← Events')), ...ctx.heading('Event ' + event.type),
    ctx.flash && ctx.flash.notice ? h('p', { class: 'success', role: 'status', id: 'publish-result' }, ctx.flash.notice) : null,
    props([['Id', h('code', {}, event.id)], ['Type', h('code', {}, event.type)], ['Published', timeEl(event.timestamp)]]),
    h('h2', {}, 'Deliveries'), deliveries,
    h('h2', {}, 'Payload (data)'), h('pre', { id: 'event-payload' }, json(event.data)));
  let last = JSON.stringify(event);
  ctx.life.every(3000, async () => {
    const fresh = await ctx.api('GET', path);
    const text = JSON.stringify(fresh);
    if (text !== last) {
      last = text;
      event = fresh;
      render();
    }
  });
}

export async function eventPublish(ctx) {
  ctx.title('Publish event');
  const types = await ctx.api('GET', 'v1/event-types').then(r => r.data.map(t => t.type)).catch(() => []);
  const recent = await ctx.api('GET', 'v1/events', { query: { limit: 100 } }).then(r => r.data.map(e => e.type)).catch(() => []);
  const suggestions = h('datalist', { id: 'type-suggestions' },
    [...new Set([...recent, ...types])].map(t => h('option', { value: t })));
  const type = input({ id: 'event-type', list: 'type-suggestions', required: true, placeholder: 'invoice.paid' });
  const data = h('textarea', { id: 'event-data', rows: '8', spellcheck: 'false' });
  data.value = '{\n  \n}';
  const clientId = input({ id: 'event-id', placeholder: 'optional' });
  const idem = input({ id: 'idempotency-key', placeholder: 'optional' });
  const errors = summary();
  const button = h('button', { type: 'submit', class: 'primary', id: 'publish' }, 'Publish');
  const form = h('form', {
    novalidate: true,
    onsubmit: async e => {
      e.preventDefault();
      clearErrors(form, errors);
      let parsed;
      try {
        parsed = JSON.parse(data.value);
      } catch (err) {
        showErrors(form, errors, { problem: { detail: 'The data is not valid JSON.' },
          fieldErrors: [{ field: 'data', message: 'is not valid JSON: ' + err.message }] }, 'Not published.');
        return;
      }
      const body = { type: type.value.trim(), data: parsed };
      if (clientId.value.trim()) {
        body.id = clientId.value.trim();
      }
      try {
        const published = await busy(button, 'Publishing…', () => ctx.api('POST', 'v1/events', {
          body, headers: idem.value.trim() ? { 'Idempotency-Key': idem.value.trim() } : {},
        }));
        ctx.handOver({ notice: 'Published to ' + published.deliveries + ' endpoint(s).' });
        ctx.navigate('events/' + seg(published.id));
      } catch (err) {
        showErrors(form, errors, err, 'Not published.');
      }
    },
  }, errors, suggestions,
  field('Event type', type, { name: 'type', hint: 'Dotted lowercase, e.g. invoice.paid.' }),
  field('Data (JSON)', data, { name: 'data', hint: 'What receivers get as "data".' }),
  field('Event id', clientId, { name: 'id', hint: 'Optional: your own id (letters, digits, _ . : -); a second event with it is refused.' }),
  field('Idempotency key', idem, { name: 'Idempotency-Key', hint: 'Optional: the same key within 24 h answers the first result and publishes nothing new.' }),
  h('div', { class: 'actions' }, button, link('events', 'Cancel')));
  replace(ctx.main, h('p', {}, link('events', '← Events')), ...ctx.heading('Publish an event'),
    h('p', { class: 'sub' }, 'Sent to every enabled endpoint that subscribes to its type.'), form);
}
