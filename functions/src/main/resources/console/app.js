// The console's shell: who is signed in, the navigation, and which view a #/route shows.
import { api, session, onUnauthorized } from './api.js';
import { h, replace, errorBox, announce } from './dom.js';
import { signin } from './signin.js';
import { tenantList, tenantDetail } from './tenants.js';
import { ownKeys } from './api-keys.js';
import { endpointList } from './endpoints.js';
import { endpointCreate, endpointEdit } from './endpoint-form.js';
import { endpointDetail } from './endpoint.js';
import { deliveryDetail } from './delivery.js';
import { eventList, eventDetail, eventPublish } from './events.js';
import { sourceList, sourceCreate, sourceDetail } from './sources.js';
import { eventTypes } from './event-types.js';

const main = document.getElementById('main');
const nav = document.getElementById('nav');
const who = document.getElementById('who');

const TENANT_NAV = [['endpoints', 'Endpoints'], ['events', 'Events'], ['sources', 'Sources'],
  ['event-types', 'Event types'], ['api-keys', 'API keys']];
const ADMIN_NAV = [['tenants', 'Tenants']];

// [pattern, role, view]; a view is (ctx, ...captured ids).
const ROUTES = [
  [/^tenants$/, 'admin', tenantList],
  [/^tenants\/([^/]+)$/, 'admin', tenantDetail],
  [/^endpoints$/, 'tenant', endpointList],
  [/^endpoints\/new$/, 'tenant', endpointCreate],
  [/^endpoints\/([^/]+)\/edit$/, 'tenant', endpointEdit],
  [/^endpoints\/([^/]+)$/, 'tenant', endpointDetail],
  [/^deliveries\/([^/]+)$/, 'tenant', deliveryDetail],
  [/^events$/, 'tenant', eventList],
  [/^events\/new$/, 'tenant', eventPublish],
  [/^events\/([^/]+)$/, 'tenant', eventDetail],
  [/^sources$/, 'tenant', sourceList],
  [/^sources\/new$/, 'tenant', sourceCreate],
  [/^sources\/([^/]+)$/, 'tenant', sourceDetail],
  [/^event-types$/, 'tenant', eventTypes],
  [/^api-keys$/, 'tenant', ownKeys],
];

let current = null;   // the running view's lifecycle
let flash = null;     // what one view hands the next (a secret shown once); never put in the URL

function routeOf() {
  const hash = location.hash;
  return hash.startsWith('#/') ? hash.slice(2) : '';
}

function navigate(route) {
  if (routeOf() === route) {
    render();
  } else {
    location.hash = '#/' + route;
  }
}

/** A view's lifecycle: polling timers that stop when the user leaves, and a way to tell whether it still shows. */
class Lifecycle {
  constructor() {
    this.alive = true;
    this.timers = new Set();
    this.cleanups = [];
  }

  /** Runs `fn` every `ms` while the view shows (after each run finishes; skipped while the tab is hidden). */
  every(ms, fn) {
    const tick = async () => {
      if (!this.alive) {
        return;
      }
      if (!document.hidden) {
        try {
          await fn();
        } catch (e) {
          // A failed refresh keeps the last good data; the next tick tries again.
        }
      }
      if (this.alive) {
        this.timers.add(setTimeout(tick, ms));
      }
    };
    this.timers.add(setTimeout(tick, ms));
  }

  onLeave(fn) {
    this.cleanups.push(fn);
  }

  stop() {
    this.alive = false;
    this.timers.forEach(clearTimeout);
    this.cleanups.forEach(fn => fn());
  }
}

function layout(role) {
  const items = role === 'admin' ? ADMIN_NAV : role === 'tenant' ? TENANT_NAV : [];
  const route = routeOf();
  replace(nav, items.map(([r, label]) => h('a', {
    href: '#/' + r,
    'aria-current': route === r || route.startsWith(r + '/') ? 'page' : null,
  }, label)));
  replace(who, role ? [h('span', {}, role === 'admin' ? 'Signed in as admin' : 'Signed in with a tenant key'),
    h('button', { type: 'button', id: 'sign-out', onclick: () => signOut('You signed out.') }, 'Sign out')] : []);
}

function signOut(message) {
  session.clear();
  flash = { notice: message };
  navigate('signin');
}

function render() {
  if (current) {
    current.stop();
  }
  const life = new Lifecycle();
  current = life;
  const role = session.role();
  let route = routeOf();
  if (!session.key() || !role) {
    if (route !== 'signin') {
      location.replace('#/signin');
      return;
    }
  } else if (route === '' || route === 'signin') {
    location.replace('#/' + (role === 'admin' ? 'tenants' : 'endpoints'));
    return;
  }
  layout(session.key() ? role : null);
  const handed = flash;
  flash = null;
  const ctx = {
    main, life, api, role, flash: handed,
    navigate,
    handOver(value) { flash = value; },
    title(text) {
      document.title = text + ' · Hookline console';
    },
    heading(text, ...sub) {
      const h1 = h('h1', { tabindex: '-1' }, text);
      return [h1, ...sub];
    },
  };
  if (route === 'signin') {
    show(life, () => signin(ctx));
    return;
  }
  for (const [pattern, needs, view] of ROUTES) {
    const m = pattern.exec(route);
    if (m) {
      if (needs !== role) {
        replace(main, errorBox({ problem: { title: 'Not available', detail: needs === 'admin'
          ? 'This page needs the admin key.' : 'This page needs a tenant API key; the admin key manages tenants only.' } }));
        return;
      }
      show(life, () => view(ctx, ...m.slice(1).map(decodeURIComponent)));
      return;
    }
  }
  replace(main, errorBox({ problem: { title: 'Not found', detail: 'The console has no page ' + route + '.' } }));
}

async function show(life, run) {
  try {
    await run();
    if (life.alive) {
      const h1 = main.querySelector('h1');
      if (h1) {
        h1.focus();
      }
    }
  } catch (e) {
    if (life.alive) {
      replace(main, errorBox(e, () => render()));
    }
  }
}

onUnauthorized(() => signOut('Your key is no longer accepted (revoked?). Sign in again.'));
window.addEventListener('hashchange', render);
document.getElementById('skip').addEventListener('click', e => {
  e.preventDefault();
  main.focus();
});
render();
announce('Hookline console ready.');
