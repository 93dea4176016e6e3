// How numbers and times read in the console.

export function time(iso) {
  if (!iso) {
    return '—';
  }
  const d = new Date(iso);
  return isNaN(d) ? String(iso) : d.toLocaleString(undefined, {
    year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit',
  });
}

export function timeEl(iso) {
  const el = document.createElement('time');
  if (iso) {
    el.dateTime = iso;
    el.title = iso;
  }
  el.textContent = time(iso) + (iso ? ' (' + ago(iso) + ')' : '');
  return el;
}

function ago(iso) {
  const seconds = Math.round((Date.now() - new Date(iso).getTime()) / 1000);
  const future = seconds < 0;
  const s = Math.abs(seconds);
  const text = s < 60 ? s + ' s' : s < 3600 ? Math.round(s / 60) + ' min' : s < 86400 ? Math.round(s / 3600) + ' h'
    : Math.round(s / 86400) + ' d';
  return future ? 'in ' + text : text + ' ago';
}

export function percent(rate, total) {
  return total === 0 || rate === undefined || rate === null ? '—' : (rate * 100).toFixed(rate === 1 ? 0 : 1) + ' %';
}

export function ms(value, total) {
  return total === 0 || value === undefined || value === null ? '—' : Math.round(value) + ' ms';
}

export function json(value) {
  return JSON.stringify(value, null, 2);
}

export function seconds(s) {
  if (s === undefined || s === null) {
    return '—';
  }
  if (s % 86400 === 0 && s >= 86400) return s / 86400 + ' d';
  if (s % 3600 === 0 && s >= 3600) return s / 3600 + ' h';
  if (s % 60 === 0 && s >= 60) return s / 60 + ' min';
  return s + ' s';
}
