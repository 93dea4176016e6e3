// Form fields with labels, hints and a place for the server's error about each one.
import { h, replace } from './dom.js';

let counter = 0;

/**
 * A labelled control. `name` is the API field it feeds (e.g. "retry.max_attempts"): a 422 naming that field shows
 * its message right under the control.
 */
export function field(label, control, { hint, name, inline } = {}) {
  const id = control.id || ('f' + (++counter));
  control.id = id;
  const error = h('div', { class: 'field-error', id: id + '-error', hidden: true });
  const hintEl = hint ? h('div', { class: 'hint', id: id + '-hint' }, hint) : null;
  control.setAttribute('aria-describedby', [hintEl ? id + '-hint' : null, id + '-error'].filter(Boolean).join(' '));
  if (name) {
    control.dataset.field = name;
  }
  const labelEl = h('label', { for: id }, label);
  return inline
    ? h('div', { class: 'field inline' }, control, labelEl, hintEl, error)
    : h('div', { class: 'field' }, labelEl, hintEl, control, error);
}

export function input(attrs) {
  return h('input', { type: 'text', autocomplete: 'off', spellcheck: 'false', ...attrs });
}

export function number(attrs) {
  return h('input', { type: 'number', inputmode: 'decimal', ...attrs });
}

export function select(options, attrs) {
  return h('select', attrs || {}, options.map(([value, label]) => h('option', { value }, label)));
}

/** The number typed into an input, or undefined when it is empty. */
export function numberOf(el) {
  const raw = el.value.trim();
  return raw === '' ? undefined : Number(raw);
}

/** A form-level error area (role=alert) placed at the top of a form. */
export function summary() {
  return h('div', { class: 'form-summary', tabindex: '-1' });
}

export function clearErrors(form, summaryEl) {
  form.querySelectorAll('.field-error').forEach(e => { e.textContent = ''; e.hidden = true; });
  form.querySelectorAll('[aria-invalid]').forEach(e => e.removeAttribute('aria-invalid'));
  if (summaryEl) {
    replace(summaryEl);
  }
}

/**
 * Shows an ApiError on a form: each field error under its control (exact name, else without an index "[2]", else its
 * first segment: "headers.X-Key" -> "headers"), and everything in the summary. Focuses the first invalid control.
 */
export function showErrors(form, summaryEl, error, intro) {
  clearErrors(form, summaryEl);
  const controls = new Map();
  form.querySelectorAll('[data-field]').forEach(c => controls.set(c.dataset.field, c));
  let first = null;
  for (const fe of error.fieldErrors || []) {
    const name = String(fe.field || '');
    const control = controls.get(name) || controls.get(name.replace(/\[\d+\]$/, '')) || controls.get(name.split(/[.[]/)[0]);
    if (!control) {
      continue;
    }
    const slot = document.getElementById(control.id + '-error');
    slot.hidden = false;
    slot.append(document.createTextNode((slot.textContent ? ' ' : '') + (control.dataset.field === name ? '' : name + ' ') + fe.message));
    control.setAttribute('aria-invalid', 'true');
    first = first || control;
  }
  const problem = error.problem || {};
  if (summaryEl) {
    replace(summaryEl, h('div', { class: 'alert', role: 'alert' },
      h('strong', {}, intro + ' '), problem.detail || error.message,
      (error.fieldErrors || []).length ? h('ul', {}, error.fieldErrors.map(fe => h('li', {}, h('code', {}, fe.field), ' ', fe.message))) : null));
  }
  (first || summaryEl).focus?.();
  if (!first && summaryEl) {
    summaryEl.scrollIntoView({ block: 'nearest' });
  }
}

/** Runs an async submit with the button disabled and a busy label; returns what the action returned. */
export async function busy(button, label, action) {
  const was = button.textContent;
  button.disabled = true;
  button.textContent = label;
  try {
    return await action();
  } finally {
    button.disabled = false;
    button.textContent = was;
  }
}

/**
 * A form with one name field that creates something: `create(name)` runs on submit; a 422 shows under the field.
 */
export function nameForm({ heading, id, hint, button, failure, create }) {
  const name = input({ id, required: true, maxlength: '200' });
  const errors = summary();
  const submit = h('button', { type: 'submit', class: 'primary' }, button);
  const form = h('form', {
    class: 'card', novalidate: true,
    onsubmit: async e => {
      e.preventDefault();
      clearErrors(form, errors);
      try {
        await busy(submit, 'Creating…', () => create(name.value));
        name.value = '';
      } catch (err) {
        showErrors(form, errors, err, failure);
      }
    },
  }, h('h2', {}, heading), errors, field('Name', name, { name: 'name', hint }), h('div', { class: 'actions' }, submit));
  return form;
}
