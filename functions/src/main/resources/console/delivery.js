// One delivery: the event it carries (payload pretty-printed), every attempt as a timeline, and Retry.
import { ApiError } from './api.js';
import { h, replace, errorBox, loading, link, seg, badge, announce, props } from './dom.js';
import { busy } from './forms.js';
import { timeEl, json } from './format.js';

const RETRYABLE = new Set(['failed', 'dead_lettered', 'retrying']);

export async function deliveryDetail(ctx, id) {
  ctx.title('Delivery ' + id);
  replace(ctx.main, loading('the delivery'));
  const path = 'v1/deliveries/' + encodeURIComponent(id);
  let delivery;
  try {
    delivery = await ctx.api('GET', path);
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) {
      replace(ctx.main, ...ctx.heading('Delivery not found'), h('p', { class: 'state empty', id: 'delivery-missing' },
        'There is no delivery ' + id + '. It may have been deleted with its endpoint, or expired after the '
        + 'retention period.'), h('p', {}, link('endpoints', '← Endpoints')));
      return;
    }
    throw err;
  }
  let event = null;
  try {
    event = await ctx.api('GET', 'v1/events/' + encodeURIComponent(delivery.message_id));
  } catch (err) {
    if (!(err instanceof ApiError && err.status === 404)) {
      throw err;
    }
  }

  const top = h('div', {});
  const result = h('div', { role: 'status', id: 'retry-result' });
  const timeline = h('section', { 'aria-labelledby': 'attempts-h' });
  const payload = h('section', { 'aria-labelledby': 'event-h' },
    h('h2', { id: 'event-h' }, 'Event'),
    event ? [props([['Type', h('code', {}, event.type)], ['Id', link('events/' + seg(event.id), h('code', {}, event.id))],
      ['Published', timeEl(event.timestamp)]]), h('h3', {}, 'Payload (data)'), h('pre', { id: 'event-payload' }, json(event.data))]
      : h('p', { class: 'state empty' }, 'The event itself has expired.'));

  function render() {
    const retryable = RETRYABLE.has(delivery.status);
    replace(top,
      h('p', {}, link('endpoints/' + seg(delivery.endpoint_id), '← Endpoint')),
      ...ctx.heading('Delivery'),
      h('p', { class: 'sub' }, h('code', {}, delivery.id)),
      h('div', { class: 'row' }, h('span', { id: 'delivery-status' }, badge(delivery.status)),
        delivery.parked ? badge('parked') : null,
        retryable ? h('button', { type: 'button', class: 'primary', id: 'retry', onclick: retry },
          delivery.status === 'retrying' ? 'Retry now' : 'Retry') : null),
      delivery.parked ? h('p', { class: 'notice' }, 'Waiting: its endpoint is disabled. Enable the endpoint and it is sent.') : null,
      props([['Endpoint', link('endpoints/' + seg(delivery.endpoint_id), h('code', {}, delivery.endpoint_id))],
        ['Event type', h('code', {}, delivery.event_type)],
        ['Created', timeEl(delivery.created_at)],
        ['Attempts', String(delivery.attempt_count)],
        ['Last error', delivery.status !== 'succeeded' && delivery.last_error ? delivery.last_error : null]]));
    const attempts = delivery.attempts || [];
    const items = attempts.map(a => h('li', { class: a.outcome === 'success' ? 'ok' : 'bad', 'data-attempt': String(a.n) },
      h('div', { class: 'meta' },
        h('strong', {}, 'Attempt ' + a.n), timeEl(a.at),
        h('span', {}, a.status_code ? 'HTTP ' + a.status_code : 'no HTTP answer'),
        h('span', {}, a.latency_ms + ' ms'),
        badge(a.outcome === 'success' ? 'succeeded' : 'failed'),
        a.outcome && a.outcome !== 'success' ? h('span', { class: 'hint' }, 'failure: ' + a.outcome.replace(/_/g, ' ')) : null),
      a.error ? h('div', {}, a.error) : null,
      a.response_excerpt ? [h('div', { class: 'hint' }, 'Response (excerpt)'), h('pre', {}, a.response_excerpt)] : null));
    if (delivery.next_attempt_at && !['succeeded', 'dead_lettered'].includes(delivery.status) && !delivery.parked) {
      items.push(h('li', { class: 'next' }, h('div', { class: 'meta' }, h('strong', {}, 'Next attempt'), timeEl(delivery.next_attempt_at))));
    }
    replace(timeline, h('h2', { id: 'attempts-h' }, 'Attempts'),
      items.length ? h('ol', { class: 'timeline', id: 'attempts' }, items) : h('p', { class: 'state empty' }, 'Not attempted yet.'));
  }

  async function retry(e) {
    try {
      delivery = { ...delivery, ...(await busy(e.target, 'Retrying…', () => ctx.api('POST', path + '/retry'))) };
      replace(result, h('p', { class: 'success' }, 'Retry queued: a new attempt is made now.'));
      announce('Retry queued.');
      await refresh();
    } catch (err) {
      replace(result, errorBox(err));
    }
  }

  let last = JSON.stringify(delivery);
  async function refresh() {
    const fresh = await ctx.api('GET', path);
    const text = JSON.stringify(fresh);
    if (text !== last) {
      last = text;
      delivery = fresh;
      render();
    }
  }

  render();
  replace(ctx.main, top, result, timeline, payload);
  ctx.life.every(2000, refresh);
}
