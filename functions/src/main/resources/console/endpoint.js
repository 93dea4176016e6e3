// One endpoint: its health and settings, test sends, enable/disable, secret rotation, deletion, statistics charts
// over 1 h / 24 h / 7 d, its deliveries (by status, newest first, paged), recovery and dead letters.
import { h, replace, table, errorBox, loading, link, seg, badge, announce, shownOnce, confirmDialog, props, empty } from './dom.js';
import { field, number, summary, showErrors, clearErrors, busy, select } from './forms.js';
import { timeEl, percent, ms, seconds } from './format.js';
import { lineChart } from './charts.js';
import { healthOf, endpointLabel } from './endpoints.js';
import { pagedList } from './lists.js';

const STATUSES = [['', 'All'], ['pending', 'Pending'], ['retrying', 'Retrying'], ['succeeded', 'Succeeded'],
  ['failed', 'Failed'], ['dead_lettered', 'Dead-lettered']];
const WINDOWS = [['1h', '1 h'], ['24h', '24 h'], ['7d', '7 d']];

export async function endpointDetail(ctx, id) {
  ctx.title('Endpoint');
  replace(ctx.main, loading('the endpoint'));
  const path = 'v1/endpoints/' + encodeURIComponent(id);
  let endpoint = await ctx.api('GET', path);
  ctx.title(endpointLabel(endpoint));

  const header = h('div', {});
  const shown = h('div', {});
  const result = h('div', { id: 'action-result', role: 'status' });
  const settings = h('div', {});
  const statsBox = h('section', { 'aria-labelledby': 'stats-h' });
  const deliveriesBox = h('section', { 'aria-labelledby': 'deliveries-h' });
  const deadBox = h('section', { 'aria-labelledby': 'dead-h' });
  const recoverBox = h('section', { 'aria-labelledby': 'recover-h' });

  if (ctx.flash && ctx.flash.secret) {
    shown.append(shownOnce('Signing secret — shown once', ctx.flash.secret,
      'Your receiver verifies each request with it (Standard Webhooks). Copy it now; rotate it to get a new one.', 'endpoint-secret'));
  }
  if (ctx.flash && ctx.flash.notice) {
    shown.append(h('p', { class: 'success', role: 'status' }, ctx.flash.notice));
  }

  function renderHeader() {
    const state = healthOf(endpoint);
    const pull = endpoint.delivery === 'pull';
    replace(header,
      h('p', {}, link('endpoints', '← Endpoints')),
      ...ctx.heading(endpointLabel(endpoint)),
      pull
        ? h('p', { class: 'sub', id: 'endpoint-pull' }, 'Pull endpoint: its receiver leases due deliveries from ',
          h('code', { id: 'endpoint-url' }, 'GET /v1/endpoints/' + endpoint.id + '/pull'), ' and acknowledges each with ',
          h('code', {}, 'POST /v1/deliveries/{id}/ack'), ' (or runs ', h('code', {}, 'hookline listen'), ').')
        : h('p', { class: 'sub' }, h('code', { id: 'endpoint-url' }, endpoint.url)),
      h('div', { class: 'row' }, h('span', {}, 'Health: '), h('span', { id: 'endpoint-health' }, badge(state)),
        endpoint.health && endpoint.health.reason ? h('span', { class: 'hint' }, endpoint.health.reason) : null,
        !endpoint.enabled && endpoint.disabled_reason ? h('span', { class: 'hint' }, '(' + endpoint.disabled_reason + ')') : null),
      h('div', { class: 'actions' },
        pull ? null : h('button', { type: 'button', id: 'send-test', onclick: sendTest }, 'Send test event'),
        h('a', { class: 'button', href: '#/endpoints/' + seg(endpoint.id) + '/edit', id: 'edit-endpoint' }, 'Edit'),
        h('button', { type: 'button', id: 'toggle-enabled', onclick: toggle }, endpoint.enabled ? 'Disable' : 'Enable'),
        h('button', { type: 'button', id: 'rotate-secret', onclick: rotate }, 'Rotate secret…'),
        h('button', { type: 'button', id: 'delete-endpoint', class: 'danger', onclick: remove }, 'Delete…')));
    replace(settings, h('details', {}, h('summary', {}, 'Settings'), props([
      ['Id', h('code', {}, endpoint.id)],
      ['Delivery', h('span', { id: 'endpoint-delivery' }, pull ? 'pull (its receiver fetches deliveries)' : 'push (Hookline sends to its URL)')],
      ['Description', endpoint.description ? h('span', { id: 'endpoint-description' }, endpoint.description) : null],
      ['Event types', endpoint.event_types && endpoint.event_types.length
        ? endpoint.event_types.map(t => [h('code', {}, t), ' ']) : 'all the events you publish'],
      ['Custom headers', Object.keys(endpoint.headers || {}).length
        ? h('ul', {}, Object.entries(endpoint.headers).map(([k, v]) => h('li', {}, h('code', {}, k), ': ', v))) : 'none'],
      ['Retry', 'first after ' + seconds(endpoint.retry.initial_backoff_s) + ', ×' + endpoint.retry.multiplier + ', up to '
        + seconds(endpoint.retry.max_backoff_s) + ', ' + endpoint.retry.max_attempts + ' attempts in all'],
      ['Timeout', pull ? null : endpoint.timeout_ms + ' ms'],
      ['Circuit breaker', 'opens after ' + endpoint.breaker.consecutive_failures_to_open + ' consecutive failures or '
        + Math.round(endpoint.breaker.failure_rate_to_open * 100) + ' % over ' + seconds(endpoint.breaker.rate_window_s)
        + '; probes after ' + seconds(endpoint.breaker.probe_after_s) + '; disables after ' + seconds(endpoint.breaker.disable_after_s)],
      ['Signing', endpoint.signing && endpoint.signing.asymmetric ? ['v1 and v1a; public key ', h('code', {}, endpoint.signing.public_key)] : 'v1 (HMAC-SHA256)'],
      ['Created', timeEl(endpoint.created_at)],
    ])));
  }

  async function reload() {
    const fresh = await ctx.api('GET', path);
    if (JSON.stringify(fresh) !== JSON.stringify(endpoint)) {
      endpoint = fresh;
      renderHeader();
    }
  }

  async function sendTest(e) {
    try {
      const attempt = await busy(e.target, 'Sending…', () => ctx.api('POST', path + '/test'));
      const ok = attempt.outcome === 'success';
      replace(result, h('div', { class: ok ? 'success' : 'alert', id: 'test-result' },
        h('strong', {}, 'Test event ' + (ok ? 'delivered' : 'failed') + ': '),
        [attempt.status_code ? 'HTTP ' + attempt.status_code : 'no answer', attempt.latency_ms + ' ms',
          ok ? null : 'failure: ' + attempt.outcome.replace(/_/g, ' ')].filter(Boolean).join(' · '),
        attempt.error ? h('div', {}, attempt.error) : null,
        attempt.response_excerpt ? h('pre', {}, attempt.response_excerpt) : null));
      announce('Test event ' + (ok ? 'delivered' : 'failed'));
    } catch (err) {
      replace(result, errorBox(err));
    }
  }

  async function toggle(e) {
    try {
      endpoint = await busy(e.target, endpoint.enabled ? 'Disabling…' : 'Enabling…',
        () => ctx.api('POST', path + (endpoint.enabled ? '/disable' : '/enable')));
      renderHeader();
      replace(result, h('p', { class: 'success' }, endpoint.enabled
        ? 'Endpoint enabled: deliveries that waited while it was disabled are being sent.'
        : 'Endpoint disabled: new deliveries wait (parked) until you enable it again.'));
      document.getElementById('toggle-enabled').focus();
      await refreshDeliveries();
    } catch (err) {
      replace(result, errorBox(err));
    }
  }

  async function rotate() {
    const grace = number({ id: 'grace-hours', min: '0', max: '168', value: '24', step: 'any' });
    const hours = await confirmDialog({
      title: 'Rotate the signing secret?',
      body: h('p', {}, 'A new secret is made and shown once. During the grace period every request carries signatures '
        + 'with both the old and the new secret, so you can update your receiver without missing a delivery.'),
      extra: { node: field('Grace period (hours)', grace, { hint: '0 to 168 (7 days).' }), read: () => Number(grace.value || 0) },
      confirmLabel: 'Rotate secret',
    });
    if (hours === false) {
      return;
    }
    try {
      const rotated = await ctx.api('POST', path + '/secret/rotate', { body: { grace_s: Math.round(hours * 3600) } });
      replace(shown, shownOnce('New signing secret — shown once', rotated.secret,
        'The previous secret keeps signing until ' + new Date(rotated.previous_secret_expires_at).toLocaleString() + '.', 'endpoint-secret'));
      announce('Secret rotated; the new one is shown once.');
    } catch (err) {
      replace(result, errorBox(err));
    }
  }

  async function remove() {
    const ok = await confirmDialog({
      title: 'Delete this endpoint?',
      body: [h('p', {}, 'Deleting ', h('code', {}, endpointLabel(endpoint)), ' removes for good:'),
        h('ul', { id: 'delete-consequences' },
          h('li', {}, 'the endpoint and its settings (' + (endpoint.description ? '"' + endpoint.description + '"' : 'no description') + ')'),
          h('li', {}, 'its whole delivery history: every delivery, attempt and dead letter'),
          h('li', {}, 'its signing secret: nothing can be verified with it again'),
          h('li', {}, 'its statistics')),
        h('p', {}, 'Events you published stay, and deliveries waiting for it are dropped. To stop deliveries without '
          + 'losing anything, disable it instead.')],
      confirmLabel: 'Delete endpoint', danger: true,
    });
    if (!ok) {
      return;
    }
    try {
      await ctx.api('DELETE', path);
      ctx.handOver({ notice: 'Endpoint ' + endpointLabel(endpoint) + ' deleted with its delivery history.' });
      ctx.navigate('endpoints');
    } catch (err) {
      replace(result, errorBox(err));
    }
  }

  // ---------------------------------------------------------------- statistics
  let statsWindow = '24h';
  const windowButtons = WINDOWS.map(([w, label]) => h('button', {
    type: 'button', 'aria-pressed': String(w === statsWindow), 'data-window': w,
    onclick: () => {
      statsWindow = w;
      windowButtons.forEach(b => b.setAttribute('aria-pressed', String(b.dataset.window === w)));
      lastStats = '';
      refreshStats();
    },
  }, label));
  const figures = h('div', { class: 'figures', id: 'stats-figures' });
  const successChart = h('div', {});
  const latencyChart = h('div', {});
  replace(statsBox, h('div', { class: 'row spread' }, h('h2', { id: 'stats-h' }, 'Statistics'),
    h('div', { class: 'segmented', role: 'group', 'aria-label': 'Window' }, windowButtons)),
  figures, h('div', { class: 'charts' }, successChart, latencyChart));
  let lastStats = '';
  let charts = [];
  async function refreshStats() {
    const [s, series] = await Promise.all([ctx.api('GET', path + '/stats', { query: { window: statsWindow } }),
      ctx.api('GET', path + '/stats/series', { query: { window: statsWindow } })]);
    const text = JSON.stringify([s, series.points]);
    if (text === lastStats) {
      return;
    }
    lastStats = text;
    const figure = (label, value, id) => h('div', { class: 'figure' }, h('div', { class: 'value', id }, value), h('div', { class: 'label' }, label));
    replace(figures,
      figure('Attempts', String(s.total), 'stat-total'),
      figure('Success rate', percent(s.success_rate, s.total), 'stat-success'),
      figure('Failed', String(s.failed), 'stat-failed'),
      figure('Average', ms(s.avg_response_ms, s.total), 'stat-avg'),
      figure('p95', ms(s.p95_response_ms, s.total), 'stat-p95'),
      figure('Dead-lettered', String(s.dead_lettered), 'stat-dead'));
    charts.forEach(c => c.destroy());
    charts = [
      lineChart(successChart, { key: 'success', window: statsWindow, title: 'Success rate', unit: '%', max: 100, color: '#198754',
        points: series.points, value: p => p.success_rate === undefined ? null : p.success_rate * 100 }),
      lineChart(latencyChart, { key: 'latency', window: statsWindow, title: 'p95 latency', unit: 'ms', color: '#1d4ed8',
        points: series.points, value: p => p.p95_response_ms }),
    ];
  }
  ctx.life.onLeave(() => charts.forEach(c => c.destroy()));

  // ---------------------------------------------------------------- deliveries
  const status = select(STATUSES, { id: 'delivery-status' });
  const deliveryList = h('div', { id: 'deliveries' });
  const deliveries = pagedList(ctx, {
    container: deliveryList, what: 'deliveries', every: 3000,
    load: cursor => ctx.api('GET', path + '/deliveries', { query: { status: status.value, cursor, limit: 20 } }),
    render: page => table('Deliveries, newest first', [
      { title: 'Delivery', cell: d => link('deliveries/' + seg(d.id), h('code', {}, d.id)) },
      { title: 'Event type', cell: d => h('code', {}, d.event_type) },
      { title: 'Status', cell: d => [badge(d.status), d.parked ? [' ', badge('parked')] : null] },
      { title: 'Attempts', num: true, cell: d => String(d.attempt_count) },
      { title: 'Created', cell: d => timeEl(d.created_at) },
      { title: 'Next attempt', cell: d => d.next_attempt_at && !['succeeded', 'dead_lettered'].includes(d.status) && !d.parked ? timeEl(d.next_attempt_at) : '—' },
    ], page.data, status.value ? 'No ' + status.value.replace('_', '-') + ' deliveries.' : 'No deliveries yet. Publish an event this endpoint subscribes to.'),
  });
  status.addEventListener('change', () => deliveries.restart());
  replace(deliveriesBox, h('h2', { id: 'deliveries-h' }, 'Deliveries'),
    field('Status', status, { hint: 'Newest first; refreshes every few seconds.' }), deliveryList);
  const refreshDeliveries = () => deliveries.refresh(true);

  // ---------------------------------------------------------------- recovery and dead letters
  const since = h('input', { type: 'datetime-local', id: 'recover-since', step: '1' });
  since.value = localInput(new Date(Date.now() - 3600 * 1000));
  const recoverErrors = summary();
  const recoverButton = h('button', { type: 'submit' }, 'Recover');
  const recoverForm = h('form', {
    novalidate: true, class: 'card',
    onsubmit: async e => {
      e.preventDefault();
      clearErrors(recoverForm, recoverErrors);
      const when = since.value ? new Date(since.value) : null;
      try {
        const r = await busy(recoverButton, 'Recovering…', () => ctx.api('POST', path + '/recover',
          { body: { since: when && !isNaN(when) ? when.toISOString() : '' } }));
        replace(recoverErrors, h('p', { class: 'success', role: 'status' }, r.requeued + (r.requeued === 1 ? ' delivery' : ' deliveries') + ' re-queued.'));
        refreshDeliveries();
        refreshDead();
      } catch (err) {
        showErrors(recoverForm, recoverErrors, err, 'Nothing was recovered.');
      }
    },
  }, recoverErrors,
  field('Failed and dead-lettered deliveries since', since, { name: 'since', hint: 'Your local time. After a receiver outage, this sends them again.' }),
  h('div', { class: 'actions' }, recoverButton));
  replace(recoverBox, h('h2', { id: 'recover-h' }, 'Recover since…'), recoverForm);

  const deadList = h('div', { id: 'dead-letters' });
  const deadResult = h('div', { role: 'status' });
  const dead = pagedList(ctx, {
    container: deadList, what: 'dead letters',
    load: cursor => ctx.api('GET', path + '/dead-letters', { query: { cursor, limit: 20 } }),
    render: page => page.data.length ? [table('Dead letters', [
      { title: 'Delivery', cell: d => link('deliveries/' + seg(d.delivery_id), h('code', {}, d.delivery_id)) },
      { title: 'Event type', cell: d => h('code', {}, d.event_type) },
      { title: 'Attempts', num: true, cell: d => String(d.attempts) },
      { title: 'Reason', cell: d => d.reason || '—' },
      { title: 'Dead-lettered', cell: d => timeEl(d.dead_lettered_at) },
    ], page.data, ''), h('div', { class: 'actions' }, h('button', { type: 'button', id: 'redrive', onclick: redrive }, 'Redrive all'))]
      : empty('No dead letters.'),
  });
  const refreshDead = () => dead.refresh(true);
  async function redrive(e) {
    try {
      const r = await busy(e.target, 'Redriving…', () => ctx.api('POST', path + '/dead-letters/redrive'));
      replace(deadResult, h('p', { class: 'success' }, r.requeued + (r.requeued === 1 ? ' dead letter' : ' dead letters') + ' re-queued.'));
      await Promise.all([refreshDead(), refreshDeliveries()]);
    } catch (err) {
      replace(deadResult, errorBox(err));
    }
  }
  replace(deadBox, h('h2', { id: 'dead-h' }, 'Dead letters'), deadResult, deadList);

  renderHeader();
  replace(ctx.main, header, shown, result, statsBox, deliveriesBox, deadBox, recoverBox, settings);
  await Promise.all([refreshStats().catch(err => replace(figures, errorBox(err, refreshStats))), deliveries.start(), dead.start()]);
  ctx.life.every(10000, refreshStats);
  ctx.life.every(10000, reload);
}

/** A Date as the value of a datetime-local input (local time, seconds). */
function localInput(d) {
  const pad = n => String(n).padStart(2, '0');
  return d.getFullYear() + '-' + pad(d.getMonth() + 1) + '-' + pad(d.getDate()) + 'T' + pad(d.getHours()) + ':'
    + pad(d.getMinutes()) + ':' + pad(d.getSeconds());
}
