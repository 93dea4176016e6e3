// Lists that page with cursors and refresh themselves while their view shows.
import { h, replace, errorBox, loading } from './dom.js';

/**
 * A list in `container`: `load(cursor)` fetches a page ({data, next_cursor}), `render(page)` draws it. It refreshes
 * every `every` ms, re-drawing only when the data changed (so focus and reading position stay put), and offers
 * Newer/Older buttons when there are more pages.
 */
export function pagedList(ctx, { container, what, load, render, every = 5000 }) {
  const cursors = [null];
  let last = '';

  async function refresh(force) {
    const page = await load(cursors[cursors.length - 1]);
    const text = JSON.stringify(page);
    if (force !== true && text === last) {
      return;
    }
    last = text;
    replace(container, render(page), h('div', { class: 'pager' },
      cursors.length > 1 ? h('button', { type: 'button', onclick: () => { cursors.pop(); refresh(true); } }, 'Newer') : null,
      page.next_cursor ? h('button', { type: 'button', onclick: () => { cursors.push(page.next_cursor); refresh(true); } }, 'Older') : null));
  }

  return {
    refresh,
    /** Back to the first page, showing the loading state (a filter changed). */
    restart() {
      cursors.length = 1;
      replace(container, loading(what));
      return refresh(true).catch(err => replace(container, errorBox(err, () => refresh(true))));
    },
    async start() {
      replace(container, loading(what));
      try {
        await refresh(true);
      } catch (err) {
        replace(container, errorBox(err, () => refresh(true)));
      }
      ctx.life.every(every, refresh);
    },
  };
}
