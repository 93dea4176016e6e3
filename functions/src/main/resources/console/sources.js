// Sources: capability URLs that verify and queue what senders post. Creating one shows only the chosen scheme's
// fields and its ingest URL once; a source's page shows its recent runs and rotates its token.
import { h, replace, table, errorBox, loading, link, seg, badge, shownOnce, confirmDialog, props, announce } from './dom.js';
import { pagedList } from './lists.js';
import { field, input, number, select, summary, showErrors, clearErrors, busy, numberOf } from './forms.js';
import { timeEl } from './format.js';

// Each scheme's fields, as data: [api field, label, kind, hint]. Kinds: list (one per line), blocks (separated by a
// blank line), text, number, choice:<a|b>, csv.
const SECRETS = ['secrets', 'Signing secrets', 'list', 'One per line; a second one while the sender rotates.'];
const TOLERANCE = ['tolerance_seconds', 'Timestamp tolerance (s)', 'number', 'How old or early a signed timestamp may be; default 300.'];
const SCHEMES = {
  'standard-webhooks': { label: 'Standard Webhooks', fields: [
    ['secrets', 'Signing secrets (whsec_…)', 'list', 'One per line; a second one while the sender rotates.'],
    ['public_keys', 'Ed25519 public keys (whpk_…)', 'list', 'Optional, for v1a signatures; one per line.'], TOLERANCE] },
  stripe: { label: 'Stripe', fields: [['secrets', 'Endpoint signing secrets (whsec_…)', 'list', 'One per line.'], TOLERANCE] },
  github: { label: 'GitHub', fields: [['secrets', 'Webhook secrets', 'list', 'One per line; GitHub signs X-Hub-Signature-256.']] },
  shopify: { label: 'Shopify', fields: [['secrets', 'App client secrets', 'list', 'One per line.']] },
  slack: { label: 'Slack', fields: [['secrets', 'Signing secrets', 'list', 'One per line.'], TOLERANCE] },
  twilio: { label: 'Twilio', fields: [['secrets', 'Auth tokens', 'list', 'One per line (primary and secondary).']] },
  square: { label: 'Square', fields: [['secrets', 'Signature keys', 'list', 'One per line; Square signs the notification URL and body.']] },
  pagerduty: { label: 'PagerDuty', fields: [['secrets', 'Webhook secrets', 'list', 'One per line.']] },
  zoom: { label: 'Zoom', fields: [['secrets', 'Secret tokens', 'list', 'One per line; endpoint validation is answered with the first.'], TOLERANCE] },
  paddle: { label: 'Paddle', fields: [['secrets', 'Endpoint secret keys', 'list', 'One per line.'], TOLERANCE] },
  linear: { label: 'Linear', fields: [['secrets', 'Signing secrets', 'list', 'One per line.'],
    ['tolerance_seconds', 'Timestamp tolerance (s)', 'number', 'How old the signed webhookTimestamp may be; default 60.']] },
  intercom: { label: 'Intercom', fields: [['secrets', 'App client secrets', 'list', 'One per line.']] },
  segment: { label: 'Segment', fields: [['secrets', 'Shared secrets', 'list', 'One per line.']] },
  sendgrid: { label: 'SendGrid', fields: [['public_keys', 'Verification keys', 'list', 'The signed Event Webhook\'s public key (base64 or PEM), one per line.'], TOLERANCE] },
  hmac: { label: 'Generic HMAC', fields: [SECRETS,
    ['header', 'Signature header', 'text', 'e.g. X-Signature.'],
    ['algorithm', 'Algorithm', 'choice:SHA-256|SHA-1|SHA-512', ''],
    ['encoding', 'Encoding', 'choice:hex|base64', ''],
    ['prefix', 'Prefix', 'text', 'Text before the signature, e.g. sha256= (optional).'],
    ['template', 'Signed content', 'text', 'Default {body}; may use {timestamp}, {id}, {url}, {form}.'],
    ['timestamp_header', 'Timestamp header', 'text', 'Optional: whole Unix seconds, signed as {timestamp}.'],
    ['id_header', 'Id header', 'text', 'Optional: signed as {id}.'], TOLERANCE] },
  bearer: { label: 'Bearer token', fields: [
    ['tokens', 'Tokens', 'list', 'One per line (two while rotating); at least 16 characters each.'],
    ['header', 'Header', 'text', 'Default Authorization (Bearer …); a custom header carries the bare token.']] },
  jwt: { label: 'JWT', fields: [
    ['hmac_secrets', 'HMAC secrets (HS*)', 'list', 'One per line, at least 32 bytes. Give exactly one key source.'],
    ['public_keys', 'Public keys (PEM or JWK)', 'blocks', 'Separate keys with a blank line.'],
    ['jwks_url', 'JWKS URL', 'text', 'https URL of the issuer\'s key set.'],
    ['algorithms', 'Algorithms', 'csv', 'Comma-separated allow-list, e.g. RS256, ES256.'],
    ['issuer', 'Issuer (iss)', 'text', ''], ['audience', 'Audience (aud)', 'text', ''],
    ['header', 'Header', 'text', 'Default Authorization (Bearer …).'],
    ['clock_skew_seconds', 'Clock skew (s)', 'number', '0 to 300, default 60.']] },
  none: { label: 'None (no verification)', fields: [] },
};
const ARN_SCHEMES = new Set(['standard-webhooks', 'stripe', 'github', 'shopify', 'slack', 'twilio', 'square', 'pagerduty', 'zoom',
  'paddle', 'linear', 'intercom', 'segment', 'sendgrid', 'hmac', 'bearer', 'jwt']);

export async function sourceList(ctx) {
  ctx.title('Sources');
  const container = h('div', { id: 'sources' });
  const list = pagedList(ctx, {
    container, what: 'sources', every: 10000,
    load: cursor => ctx.api('GET', 'v1/sources', { query: { cursor, limit: 25 } }),
    render: page => table('Sources', [
      { title: 'Name', cell: s => link('sources/' + seg(s.id), s.name) },
      { title: 'Mode', cell: s => s.mode },
      { title: 'Verification', cell: s => h('code', {}, s.verification.scheme) },
      { title: 'Created', cell: s => timeEl(s.created_at) },
    ], page.data, 'No sources yet. Create one to receive webhooks from a vendor.'),
  });
  replace(ctx.main, h('div', { class: 'row spread' }, ...ctx.heading('Sources'),
    h('a', { href: '#/sources/new', class: 'button primary', id: 'new-source' }, 'New source')),
  h('p', { class: 'sub' }, 'Capability URLs that verify, deduplicate and queue what vendors send.'),
  ctx.flash && ctx.flash.notice ? h('p', { class: 'success', role: 'status' }, ctx.flash.notice) : null, container);
  await list.start();
}

function control(name, kind) {
  const id = 'v-' + name;
  if (kind === 'list' || kind === 'blocks') {
    return h('textarea', { id, rows: kind === 'blocks' ? '6' : '2', spellcheck: 'false' });
  }
  if (kind === 'number') {
    return number({ id, min: '0' });
  }
  if (kind.startsWith('choice:')) {
    return select(kind.slice(7).split('|').map(v => [v, v]), { id });
  }
  return input({ id });
}

function valueOf(el, kind) {
  const raw = el.value;
  if (kind === 'list') return raw.split('\n').map(s => s.trim()).filter(Boolean);
  if (kind === 'blocks') return raw.split(/\n\s*\n/).map(s => s.trim()).filter(Boolean);
  if (kind === 'csv') return raw.split(',').map(s => s.trim()).filter(Boolean);
  if (kind === 'number') return numberOf(el);
  return raw.trim();
}

export function sourceCreate(ctx) {
  ctx.title('New source');
  const name = input({ id: 'source-name', required: true });
  const modeTrigger = h('input', { type: 'radio', name: 'mode', value: 'trigger', id: 'mode-trigger', checked: true });
  const modeStream = h('input', { type: 'radio', name: 'mode', value: 'stream', id: 'mode-stream' });
  const scheme = select(Object.entries(SCHEMES).map(([k, v]) => [k, v.label]), { id: 'scheme' });
  const schemeFields = h('div', { id: 'scheme-fields' });
  let schemeControls = [];
  const arn = input({ id: 'v-secret_arn', placeholder: 'arn:aws:secretsmanager:…:secret:hookline/sources/…' });

  function renderScheme() {
    const def = SCHEMES[scheme.value];
    schemeControls = def.fields.map(([f, label, kind, hint]) => {
      const el = control(f, kind);
      return { f, kind, el, node: field(label, el, { name: 'verification.' + f, hint }) };
    });
    replace(schemeFields,
      scheme.value === 'none' ? h('p', { class: 'notice' }, 'Anyone who knows the ingest URL can post to it. '
        + 'Prefer a scheme the sender supports.') : null,
      schemeControls.map(c => c.node),
      ARN_SCHEMES.has(scheme.value) ? field('…or a Secrets Manager secret (ARN)', arn, { name: 'verification.secret_arn',
        hint: 'Instead of typing the secrets: a secret whose name starts with the stack\'s SourceSecretsPrefix.' }) : null);
  }
  scheme.addEventListener('change', renderScheme);
  renderScheme();

  const pipeline = input({ id: 'trigger-pipeline' });
  const version = input({ id: 'trigger-version' });
  const parameters = h('textarea', { id: 'trigger-parameters', rows: '3', spellcheck: 'false', placeholder: 'export_id = /data/object/id' });
  const required = input({ id: 'trigger-required', placeholder: 'export_id' });
  const strict = h('input', { type: 'checkbox', id: 'trigger-strict' });
  const triggerFields = h('fieldset', { id: 'trigger-fields' }, h('legend', {}, 'Trigger'),
    field('Pipeline', pipeline, { name: 'trigger.pipeline', hint: 'What the runs start.' }),
    field('Version', version, { name: 'trigger.version', hint: 'Optional.' }),
    field('Parameters', parameters, { name: 'trigger.parameters', hint: 'One per line: name = /json/pointer into the body.' }),
    field('Required parameters', required, { name: 'trigger.required', hint: 'Comma-separated.' }),
    field('Strict: refuse calls whose parameters do not validate', strict, { name: 'trigger.strict', inline: true }));
  const format = select([['auto', 'auto (by Content-Type)'], ['json', 'JSON'], ['ndjson', 'NDJSON'], ['form', 'form']], { id: 'stream-format' });
  const orderingKey = input({ id: 'stream-ordering-key', placeholder: '/account_id' });
  const streamFields = h('fieldset', { id: 'stream-fields', hidden: true }, h('legend', {}, 'Stream'),
    field('Format', format, { name: 'stream.format' }),
    field('Ordering key', orderingKey, { name: 'stream.ordering_key', hint: 'Optional JSON pointer: records with the same key keep their order.' }));
  const setMode = () => {
    triggerFields.hidden = !modeTrigger.checked;
    streamFields.hidden = modeTrigger.checked;
  };
  modeTrigger.addEventListener('change', setMode);
  modeStream.addEventListener('change', setMode);

  const allowlist = h('textarea', { id: 'ip-allowlist', rows: '2', spellcheck: 'false', placeholder: '203.0.113.0/24' });
  const maxBody = number({ id: 'max-body-bytes', min: '1', placeholder: '262144' });
  const errors = summary();
  const button = h('button', { type: 'submit', class: 'primary', id: 'create-source' }, 'Create source');

  function body() {
    const verification = { scheme: scheme.value };
    for (const c of schemeControls) {
      const v = valueOf(c.el, c.kind);
      if (v !== undefined && v !== '' && !(Array.isArray(v) && v.length === 0)) {
        verification[c.f] = v;
      }
    }
    if (ARN_SCHEMES.has(scheme.value) && arn.value.trim()) {
      verification.secret_arn = arn.value.trim();
    }
    const b = { name: name.value.trim(), mode: modeTrigger.checked ? 'trigger' : 'stream', verification };
    if (modeTrigger.checked) {
      const params = {};
      parameters.value.split('\n').map(l => l.trim()).filter(Boolean).forEach(l => {
        const eq = l.indexOf('=');
        if (eq > 0) {
          params[l.slice(0, eq).trim()] = l.slice(eq + 1).trim();
        } else {
          params[l] = '';
        }
      });
      b.trigger = { pipeline: pipeline.value.trim(), parameters: params };
      if (version.value.trim()) b.trigger.version = version.value.trim();
      const req = required.value.split(',').map(s => s.trim()).filter(Boolean);
      if (req.length) b.trigger.required = req;
      if (strict.checked) b.trigger.strict = true;
    } else {
      b.stream = { format: format.value };
      if (orderingKey.value.trim()) b.stream.ordering_key = orderingKey.value.trim();
    }
    const cidrs = valueOf(allowlist, 'list');
    if (cidrs.length) b.ip_allowlist = cidrs;
    if (numberOf(maxBody) !== undefined) b.max_body_bytes = numberOf(maxBody);
    return b;
  }

  const form = h('form', {
    novalidate: true, id: 'source-form',
    onsubmit: async e => {
      e.preventDefault();
      clearErrors(form, errors);
      try {
        const created = await busy(button, 'Creating…', () => ctx.api('POST', 'v1/sources', { body: body() }));
        ctx.handOver({ ingestUrl: created.ingest_url, notice: 'Source created.' });
        ctx.navigate('sources/' + seg(created.id));
      } catch (err) {
        showErrors(form, errors, err, 'The source was not created.');
      }
    },
  }, errors,
  field('Name', name, { name: 'name' }),
  h('fieldset', {}, h('legend', {}, 'Mode'),
    h('div', { class: 'field inline' }, modeTrigger, h('label', { for: 'mode-trigger' }, 'Trigger: each call starts a pipeline run')),
    h('div', { class: 'field inline' }, modeStream, h('label', { for: 'mode-stream' }, 'Stream: calls become an ordered stream of records'))),
  h('fieldset', {}, h('legend', {}, 'Verification'),
    field('Scheme', scheme, { name: 'verification.scheme', hint: 'How the sender signs its calls; only this scheme\'s settings are shown.' }),
    schemeFields),
  triggerFields, streamFields,
  h('details', {}, h('summary', {}, 'Limits'),
    field('IP allowlist', allowlist, { name: 'ip_allowlist', hint: 'Optional CIDRs, one per line.' }),
    field('Largest body (bytes)', maxBody, { name: 'max_body_bytes', hint: 'Default 262144, at most 1048576.' })),
  h('div', { class: 'actions' }, button, link('sources', 'Cancel')));
  replace(ctx.main, h('p', {}, link('sources', '← Sources')), ...ctx.heading('New source'), form);
}

export async function sourceDetail(ctx, id) {
  ctx.title('Source');
  replace(ctx.main, loading('the source'));
  const path = 'v1/sources/' + encodeURIComponent(id);
  const source = await ctx.api('GET', path);
  ctx.title(source.name);
  const shown = h('div', {});
  const result = h('div', { role: 'status' });
  if (ctx.flash && ctx.flash.ingestUrl) {
    shown.append(shownOnce('Ingest URL — shown once', ctx.flash.ingestUrl,
      'Give it to the sender. It is the credential: Hookline keeps only a hash of its token.', 'ingest-url'));
  }

  async function rotate() {
    const grace = number({ id: 'token-grace-hours', min: '0', max: '168', value: '24', step: 'any' });
    const hours = await confirmDialog({
      title: 'Rotate the ingest token?',
      body: h('p', {}, 'A new ingest URL is made and shown once. The current URL keeps working for the grace period, '
        + 'so the sender can switch without losing a call.'),
      extra: { node: field('Grace period (hours)', grace, { hint: 'How long the current URL keeps working.' }), read: () => Number(grace.value || 0) },
      confirmLabel: 'Rotate token',
    });
    if (hours === false) {
      return;
    }
    try {
      const rotated = await ctx.api('POST', path + '/token/rotate', { body: { grace_s: Math.round(hours * 3600) } });
      replace(shown, shownOnce('New ingest URL — shown once', rotated.ingest_url,
        rotated.previous_token_expires_at ? 'The previous URL works until ' + new Date(rotated.previous_token_expires_at).toLocaleString() + '.'
          : 'The previous URL no longer works.', 'ingest-url'));
      announce('Token rotated; the new ingest URL is shown once.');
    } catch (err) {
      replace(result, errorBox(err));
    }
  }

  async function remove() {
    const ok = await confirmDialog({
      title: 'Delete source "' + source.name + '"?',
      body: h('p', {}, 'Its ingest URL stops working at once: the sender\'s calls get 404. Runs it started stay.'),
      confirmLabel: 'Delete source', danger: true,
    });
    if (!ok) {
      return;
    }
    try {
      await ctx.api('DELETE', path);
      ctx.handOver({ notice: 'Source ' + source.name + ' deleted.' });
      ctx.navigate('sources');
    } catch (err) {
      replace(result, errorBox(err));
    }
  }

  const runs = h('div', { id: 'runs' }, source.mode === 'trigger' ? null
    : h('p', { class: 'state empty' }, 'Stream sources queue records rather than starting runs.'));
  const runList = pagedList(ctx, {
    container: runs, what: 'runs', every: 3000,
    load: cursor => ctx.api('GET', 'v1/runs', { query: { source_id: source.id, cursor, limit: 20 } }),
    render: page => table('Recent runs, newest first', [
      { title: 'Run', cell: r => h('code', {}, r.id) },
      { title: 'Status', cell: r => badge(r.status) },
      { title: 'Pipeline', cell: r => r.pipeline + (r.version ? ' ' + r.version : '') },
      { title: 'Parameters', cell: r => h('code', {}, JSON.stringify(r.parameters)) },
      { title: 'Received', cell: r => timeEl(r.received_at) },
      { title: 'Detail', cell: r => r.detail || (r.violations ? JSON.stringify(r.violations) : '—') },
    ], page.data, 'No runs yet. When the sender posts a call that verifies, its run appears here.'),
  });

  replace(ctx.main, h('p', {}, link('sources', '← Sources')), ...ctx.heading('Source ' + source.name),
    ctx.flash && ctx.flash.notice ? h('p', { class: 'success', role: 'status' }, ctx.flash.notice) : null,
    shown, result,
    h('div', { class: 'actions' }, h('button', { type: 'button', id: 'rotate-token', onclick: rotate }, 'Rotate token…'),
      h('button', { type: 'button', class: 'danger', id: 'delete-source', onclick: remove }, 'Delete…')),
    props([['Id', h('code', {}, source.id)], ['Mode', source.mode], ['Verification', h('code', {}, source.verification.scheme)],
      ['Secret from', source.verification.secret_arn ? h('code', {}, source.verification.secret_arn) : null],
      ['Trigger', source.trigger ? h('code', {}, JSON.stringify(source.trigger)) : null],
      ['Stream', source.stream ? h('code', {}, JSON.stringify(source.stream)) : null],
      ['IP allowlist', source.ip_allowlist && source.ip_allowlist.length ? source.ip_allowlist.join(', ') : 'any'],
      ['Largest body', source.max_body_bytes + ' bytes'],
      ['Previous token works until', source.previous_token_expires_at ? timeEl(source.previous_token_expires_at) : null],
      ['Created', timeEl(source.created_at)]]),
    h('h2', {}, 'Recent runs'), runs);
  if (source.mode === 'trigger') {
    await runList.start();
  }
}
