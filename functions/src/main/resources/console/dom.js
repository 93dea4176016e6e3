// Building the page. Everything that comes from the API or the user becomes a text node or an attribute value:
// nothing is ever parsed as HTML (no HTML-string APIs at all, see ConsoleAssetsTest), so a description such as
// <img src=x onerror=alert(1)> is shown as the characters it is.

const BOOLEAN = new Set(['disabled', 'checked', 'hidden', 'required', 'readonly', 'multiple', 'selected', 'open']);

/** An element: attrs are attributes (on* functions become listeners), children are nodes or text. */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) {
      continue;
    }
    if (name.startsWith('on') && typeof value === 'function') {
      el.addEventListener(name.slice(2), value);
    } else if (name === 'href' && !String(value).startsWith('#')) {
      throw new Error('Links stay inside the console: ' + value);
    } else if (name === 'value') {
      el.value = value;
    } else if (BOOLEAN.has(name)) {
      el[name] = true;
    } else {
      el.setAttribute(name, String(value));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === undefined || child === null || child === false) {
      continue;
    }
    if (Array.isArray(child)) {
      append(el, child);
    } else {
      el.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
  }
}

export function replace(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

export function link(route, ...children) {
  return h('a', { href: '#/' + route }, ...children);
}

/** A route segment for an id (ids are plain, but nothing from the API goes into a URL unescaped). */
export function seg(id) {
  return encodeURIComponent(id);
}

const LABELS = { dead_lettered: 'dead-lettered', failed_validation: 'failed validation' };

export function badge(state) {
  const s = String(state || 'unknown');
  const cls = /^[a-z_]+$/.test(s) ? s : 'unknown';
  return h('span', { class: 'badge badge-' + cls }, LABELS[s] || s);
}

export function announce(message) {
  const live = document.getElementById('live');
  live.textContent = '';
  // A separate task, so a repeated message is announced again.
  setTimeout(() => { live.textContent = message; }, 30);
}

export function loading(what) {
  return h('p', { class: 'state loading', role: 'status' }, 'Loading ' + what + '…');
}

export function empty(message, ...more) {
  return h('p', { class: 'state empty' }, message, ...more);
}

/** A problem shown to the user: its detail and each field error, with an optional way to try again. */
export function errorBox(error, retry) {
  const problem = (error && error.problem) || {};
  const title = problem.title || 'Something went wrong';
  const detail = problem.detail || (error && error.message) || '';
  const fields = (error && error.fieldErrors) || [];
  return h('div', { class: 'alert', role: 'alert' },
    h('strong', {}, title + (error && error.status ? ' (' + error.status + ')' : '') + '. '),
    detail,
    fields.length ? h('ul', {}, fields.map(f => h('li', {}, h('code', {}, f.field), ' ', f.message))) : null,
    retry ? h('div', {}, h('button', { type: 'button', onclick: retry }, 'Try again')) : null);
}

/**
 * A table from rows and column definitions ({title, cell(row) -> node|text, num?}), or the empty state when
 * there are no rows.
 */
export function table(caption, columns, rows, emptyMessage) {
  if (!rows.length) {
    return empty(emptyMessage);
  }
  return h('table', {},
    h('caption', {}, caption),
    h('thead', {}, h('tr', {}, columns.map(c => h('th', { scope: 'col', class: c.num ? 'num' : null }, c.title)))),
    h('tbody', {}, rows.map(row => h('tr', {}, columns.map(c => h('td', { class: c.num ? 'num' : null }, c.cell(row)))))));
}

/** Copies text to the clipboard; where the browser refuses, selects it so the user can copy it. */
function copyButton(text, label, target) {
  return h('button', {
    type: 'button',
    onclick: async () => {
      try {
        await navigator.clipboard.writeText(text);
        announce('Copied to the clipboard.');
      } catch {
        if (target) {
          const range = document.createRange();
          range.selectNodeContents(target);
          const selection = window.getSelection();
          selection.removeAllRanges();
          selection.addRange(range);
        }
        announce('Copying was refused by the browser; the text is selected, copy it with Ctrl+C.');
      }
    },
  }, label || 'Copy');
}

/** Something shown once (a secret, an API key, an ingest URL), with a copy button and a way to dismiss it. */
export function shownOnce(title, value, note, id) {
  const code = h('code', { id: id || null }, value);
  const panel = h('section', { class: 'secret', 'aria-label': title },
    h('strong', {}, title), h('div', {}, note), code,
    h('div', { class: 'row' }, copyButton(value, 'Copy', code),
      h('button', { type: 'button', onclick: () => panel.remove() }, 'I have saved it')));
  return panel;
}

/**
 * A modal confirmation: resolves true when confirmed. Built on <dialog>, so Escape cancels and focus stays inside
 * until it closes.
 */
export function confirmDialog({ title, body, confirmLabel, danger, extra }) {
  return new Promise(resolve => {
    const dialog = h('dialog', { 'aria-labelledby': 'dialog-title' });
    const done = result => {
      dialog.close();
      dialog.remove();
      resolve(result);
    };
    const form = h('form', {
      method: 'dialog',
      onsubmit: e => { e.preventDefault(); done(extra ? extra.read() : true); },
    },
    h('h2', { id: 'dialog-title' }, title),
    body,
    extra ? extra.node : null,
    h('div', { class: 'actions' },
      h('button', { type: 'submit', class: danger ? 'danger' : 'primary' }, confirmLabel),
      h('button', { type: 'button', onclick: () => done(false) }, 'Cancel')));
    dialog.append(form);
    dialog.addEventListener('cancel', e => { e.preventDefault(); done(false); });
    document.body.append(dialog);
    dialog.showModal();
  });
}

/** A <dl> of label/value pairs; values are nodes or text, null ones are left out. */
export function props(pairs) {
  return h('dl', { class: 'props' }, pairs.filter(p => p[1] !== null && p[1] !== undefined && p[1] !== '')
    .map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]));
}
