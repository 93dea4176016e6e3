// Creating and editing an endpoint: push (URL) or pull, description, event types from the catalog (with wildcards), custom
// headers, retry policy, timeout, circuit breaker. The server's checks (the URL guard above all) answer 422, shown
// next to the field they concern.
import { h, replace, errorBox, loading, link, seg, announce } from './dom.js';
import { field, input, number, select, summary, showErrors, clearErrors, numberOf, busy } from './forms.js';

const RETRY = [
  ['initial_backoff_s', 'First retry after (s)', '30'],
  ['multiplier', 'Backoff multiplier', '3'],
  ['max_attempts', 'Attempts in all', '10'],
  ['max_backoff_s', 'Longest wait (s)', '36000'],
];
const BREAKER = [
  ['consecutive_failures_to_open', 'Open after consecutive failures', '10'],
  ['failure_rate_to_open', 'Or failure rate (0.1–1)', '0.7'],
  ['rate_window_s', 'Over a window of (s)', '300'],
  ['minimum_attempts', 'With at least attempts', '10'],
  ['probe_after_s', 'Probe after (s)', '60'],
  ['successes_to_close', 'Close after successes', '3'],
  ['disable_after_s', 'Disable after failing for (s)', '432000'],
];

export function endpointCreate(ctx) {
  return form(ctx, null);
}

export async function endpointEdit(ctx, id) {
  replace(ctx.main, loading('the endpoint'));
  const endpoint = await ctx.api('GET', 'v1/endpoints/' + encodeURIComponent(id));
  return form(ctx, endpoint);
}

/** The event types to offer: the platform's catalog, grouped by their first segment, and the tenant's own recent ones. */
async function offeredTypes(ctx) {
  const [catalog, recent] = await Promise.all([
    ctx.api('GET', 'v1/event-types').then(r => r.data).catch(() => []),
    ctx.api('GET', 'v1/events', { query: { limit: 100 } }).then(r => r.data).catch(() => []),
  ]);
  const own = [...new Set(recent.map(e => e.type))].filter(t => !catalog.some(c => c.type === t)).sort();
  const groups = new Map();
  for (const t of [...catalog.map(c => c.type), ...own]) {
    const prefix = t.split('.')[0];
    if (!groups.has(prefix)) {
      groups.set(prefix, []);
    }
    groups.get(prefix).push(t);
  }
  return { groups, own };
}

async function form(ctx, endpoint) {
  const editing = endpoint !== null;
  ctx.title(editing ? 'Edit endpoint' : 'New endpoint');
  replace(ctx.main, loading('the event types'));
  const { groups } = await offeredTypes(ctx);

  const url = input({ type: 'url', id: 'endpoint-url', value: editing && endpoint.url ? endpoint.url : '', required: true, placeholder: 'https://example.com/webhooks' });
  // Push or pull is chosen once, at creation: a pull endpoint has no URL, its receiver fetches deliveries.
  const delivery = select([['push', 'Push: Hookline sends each event to a URL'], ['pull', 'Pull: my receiver fetches them (no inbound connection)']],
    { id: 'endpoint-delivery' });
  const pulled = () => editing ? endpoint.delivery === 'pull' : delivery.value === 'pull';
  const description = h('textarea', { id: 'endpoint-description', maxlength: '500', rows: '2' });
  description.value = editing && endpoint.description ? endpoint.description : '';

  // Event types: a checkbox per catalog type and per group wildcard; anything else in the free field.
  const chosen = new Set(editing ? endpoint.event_types || [] : []);
  const offered = new Set();
  const boxes = [];
  const typeFieldset = h('fieldset', { id: 'event-types' }, h('legend', {}, 'Event types'),
    h('p', { class: 'hint', id: 'types-hint' }, 'None chosen: every event you publish. Platform events such as '
      + 'endpoint.* or delivery.* are sent only to endpoints that name them.'));
  for (const [prefix, types] of groups) {
    const wildcard = prefix + '.*';
    const items = [wildcard, ...types].map(t => {
      offered.add(t);
      const box = h('input', { type: 'checkbox', value: t, id: 'type-' + t.replace(/[^a-z0-9_-]/gi, '_'), checked: chosen.has(t) });
      boxes.push(box);
      return h('label', {}, box, h('code', {}, t));
    });
    typeFieldset.append(h('div', { class: 'checks', role: 'group', 'aria-label': prefix + ' events' }, items));
  }
  const otherTypes = input({ id: 'other-types', value: [...chosen].filter(t => !offered.has(t)).join(', '), placeholder: 'invoice.paid, order.*' });
  typeFieldset.append(field('Other types or patterns', otherTypes, { name: 'event_types',
    hint: 'Comma-separated. A * segment matches one or more whole segments: invoice.* matches invoice.paid.' }));

  // Custom headers: rows of name and value.
  const headerRows = h('div', { id: 'header-rows' });
  const addHeader = (name = '', value = '') => {
    const n = input({ value: name, 'aria-label': 'Header name', class: 'header-name', placeholder: 'X-Api-Key' });
    const v = input({ value, 'aria-label': 'Header value', class: 'header-value' });
    const row = h('div', { class: 'header-row' }, n, v,
      h('button', { type: 'button', onclick: () => row.remove(), 'aria-label': 'Remove header' }, 'Remove'));
    headerRows.append(row);
    return n;
  };
  Object.entries(editing ? endpoint.headers || {} : {}).forEach(([n, v]) => addHeader(n, v));
  const headersAnchor = h('div', { tabindex: '-1' });
  headersAnchor.dataset.field = 'headers';
  headersAnchor.id = 'headers-anchor';
  const headerFieldset = h('fieldset', {}, h('legend', {}, 'Custom headers'),
    h('p', { class: 'hint' }, 'Sent with every delivery, e.g. a key your receiver checks. Hookline sets the webhook-* signature headers itself.'),
    headerRows, headersAnchor, h('div', { class: 'field-error', id: 'headers-anchor-error', hidden: true }),
    h('button', { type: 'button', id: 'add-header', onclick: () => addHeader().focus() }, 'Add header'));

  const retryInputs = RETRY.map(([k, label, def]) => [k, number({ id: 'retry-' + k, min: '0', step: 'any',
    value: editing ? endpoint.retry[k] : '', placeholder: def }), label]);
  const retryFieldset = h('fieldset', {}, h('legend', {}, 'Retry policy'),
    h('p', { class: 'hint' }, 'Empty fields keep ' + (editing ? 'the current value.' : 'the default (30 s × 3 up to 10 h, 10 attempts: about 29 h).')),
    h('div', { class: 'grid' }, retryInputs.map(([k, el, label]) => field(label, el, { name: 'retry.' + k }))));

  const urlField = field('URL', url, { name: 'url', hint: 'Where Hookline POSTs events. https on public addresses (this deployment may allow http for development).' });
  const timeout = number({ id: 'timeout-ms', min: '1000', max: '30000', value: editing ? endpoint.timeout_ms : '', placeholder: '15000' });
  const timeoutField = field('Timeout (ms)', timeout, { name: 'timeout_ms', hint: '1000 to 30000; empty keeps ' + (editing ? 'the current one.' : '15000.') });
  const showDelivery = () => {
    urlField.hidden = pulled();
    timeoutField.hidden = pulled();
    url.required = !pulled();
  };
  delivery.addEventListener('change', showDelivery);
  showDelivery();
  const breakerInputs = BREAKER.map(([k, label, def]) => [k, number({ id: 'breaker-' + k, min: '0', step: 'any',
    value: editing ? endpoint.breaker[k] : '', placeholder: def }), label]);
  const breakerFieldset = h('details', { open: editing }, h('summary', {}, 'Circuit breaker'),
    h('fieldset', {}, h('legend', {}, 'Circuit breaker'),
      h('p', { class: 'hint' }, 'When to stop sending to a failing receiver, probe it, and give up on it.'),
      h('div', { class: 'grid' }, breakerInputs.map(([k, el, label]) => field(label, el, { name: 'breaker.' + k })))));
  const asymmetric = h('input', { type: 'checkbox', id: 'signing-asymmetric' });

  const errors = summary();
  errors.id = 'endpoint-form-errors';
  const submit = h('button', { type: 'submit', class: 'primary', id: 'save-endpoint' }, editing ? 'Save changes' : 'Create endpoint');
  const formEl = h('form', { novalidate: true, id: 'endpoint-form', onsubmit: e => { e.preventDefault(); save(); } },
    errors,
    editing ? null : field('Delivery', delivery, { name: 'delivery', hint: 'Pull suits receivers behind NAT or a firewall: '
      + 'they lease due deliveries from GET /v1/endpoints/{id}/pull and acknowledge each, or run hookline listen.' }),
    urlField,
    field('Description', description, { name: 'description', hint: 'Optional, up to 500 characters.' }),
    typeFieldset, headerFieldset, retryFieldset,
    timeoutField,
    breakerFieldset,
    editing ? null : field('Also sign with Ed25519 (v1a signatures)', asymmetric, { name: 'signing.asymmetric', inline: true }),
    h('div', { class: 'actions' }, submit,
      link(editing ? 'endpoints/' + seg(endpoint.id) : 'endpoints', 'Cancel')));

  function body() {
    const types = [...boxes.filter(b => b.checked).map(b => b.value),
      ...otherTypes.value.split(',').map(t => t.trim()).filter(Boolean)];
    const headers = {};
    headerRows.querySelectorAll('.header-row').forEach(row => {
      const n = row.querySelector('.header-name').value.trim();
      if (n) {
        headers[n] = row.querySelector('.header-value').value;
      }
    });
    const part = inputs => {
      const out = {};
      inputs.forEach(([k, el]) => {
        const v = numberOf(el);
        if (v !== undefined) {
          out[k] = v;
        }
      });
      return Object.keys(out).length ? out : undefined;
    };
    const b = pulled() ? {
      description: description.value,
      retry: part(retryInputs),
      breaker: part(breakerInputs),
    } : {
      url: url.value.trim(),
      description: description.value,
      retry: part(retryInputs),
      breaker: part(breakerInputs),
      timeout_ms: numberOf(timeout),
    };
    if (!editing && pulled()) {
      b.delivery = 'pull';
    }
    if (editing) {
      // An edit says what the endpoint is now: no types means all, no headers means none.
      b.event_types = types;
      b.headers = headers;
    } else {
      if (types.length) b.event_types = types;
      if (Object.keys(headers).length) b.headers = headers;
      if (!b.description) delete b.description;
      if (asymmetric.checked) b.signing = { asymmetric: true };
    }
    return b;
  }

  async function save() {
    clearErrors(formEl, errors);
    try {
      if (editing) {
        const saved = await busy(submit, 'Saving…', () => ctx.api('PATCH', 'v1/endpoints/' + encodeURIComponent(endpoint.id), { body: body() }));
        ctx.handOver({ notice: 'Endpoint saved.' });
        ctx.navigate('endpoints/' + seg(saved.id));
      } else {
        const created = await busy(submit, 'Creating…', () => ctx.api('POST', 'v1/endpoints', { body: body() }));
        ctx.handOver({ secret: created.secret, notice: 'Endpoint created.' });
        ctx.navigate('endpoints/' + seg(created.id));
      }
    } catch (err) {
      if (err.status === 422 || err.status === 400) {
        showErrors(formEl, errors, err, editing ? 'The endpoint was not saved.' : 'The endpoint was not created.');
        announce('The endpoint was not saved: ' + (err.problem.detail || err.message));
      } else {
        replace(errors, errorBox(err));
        errors.focus();
      }
    }
  }

  replace(ctx.main, h('p', {}, link('endpoints', '← Endpoints')),
    ...ctx.heading(editing ? 'Edit endpoint' : 'New endpoint'),
    editing ? h('p', { class: 'sub' }, endpoint.url || 'Pull endpoint: its receiver fetches deliveries.') : null,
    formEl);
}
