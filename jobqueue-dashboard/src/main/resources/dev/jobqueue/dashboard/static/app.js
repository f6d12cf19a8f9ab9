// The console: a router over three views and one refresh loop. A refresh starts only
// after the previous one ended, never more often than the configured interval, and not
// at all while the tab is hidden.
import { config } from './api.js';
import { h } from './dom.js';
import { job, link, overview, queue } from './pages.js';

const view = document.getElementById('view');
const status = document.getElementById('status');
const live = document.getElementById('live');
let current = null;
let timer = null;
let generation = 0;

document.getElementById('mode').textContent = config.actions ? 'actions on' : 'read-only';
document.getElementById('mode').classList.add(config.actions ? 'warn' : 'ok');

function setCrumbs(crumbs) {
  const nav = document.getElementById('crumbs');
  nav.replaceChildren(...crumbs.flatMap(([text, href]) => [h('span', { class: 'sep', text: '/' }), h('a', { href, text })]));
}

function say(text, kind = 'info') {
  status.textContent = text;
  status.className = kind;
}

function notify(promise, describe) {
  promise.then((outcome) => {
    say(describe(outcome), 'ok');
    if (outcome.action === 'delete' || outcome.action === 'purge') {
      location.hash = outcome.action === 'delete' ? link.queue(outcome.queue) : link.overview();
    }
    refresh(generation);
  }).catch((error) => say(`Failed: ${error.message}`, 'error'));
}

function route() {
  const [path, query] = location.hash.replace(/^#/, '').split('?');
  const params = new URLSearchParams(query || '');
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  if (parts[0] === 'queue' && parts.length === 2) {
    const state = ['pending', 'processing', 'delayed', 'completed', 'failed'].includes(params.get('state')) ? params.get('state') : 'pending';
    return queue(parts[1], state, Math.max(0, Number(params.get('page')) || 0), setCrumbs, notify);
  }
  if (parts[0] === 'job' && parts.length === 3) {
    return job(parts[1], parts[2], setCrumbs, notify);
  }
  return overview(setCrumbs);
}

async function refresh(mine) {
  clearTimeout(timer);
  const page = current;
  try {
    const data = await page.load();
    if (mine !== generation) {
      return;
    }
    const json = JSON.stringify(data, (key, value) => (key === 'readAtMs' ? undefined : value));
    if (json !== page.lastJson) {
      page.lastJson = json;
      page.live.replaceChildren(page.render(data));
    }
    live.className = 'chip ok';
    live.title = `Updated ${new Date().toLocaleTimeString()}`;
    if (status.className === 'error' && status.dataset.source === 'refresh') {
      say('');
    }
  } catch (error) {
    if (mine !== generation) {
      return;
    }
    live.className = 'chip error';
    if (error.status === 404) {
      page.lastJson = null;
      page.live.replaceChildren(h('p', { class: 'muted', id: 'not-found', text: error.message }));
    } else {
      say(`Could not refresh: ${error.message}`, 'error');
      status.dataset.source = 'refresh';
    }
  }
  if (mine === generation && !document.hidden) {
    timer = setTimeout(() => refresh(mine), config.refreshMs);
  }
}

function show() {
  generation += 1;
  current = route();
  current.live = h('div', { class: 'live' });
  current.root.append(current.live);
  view.replaceChildren(current.root);
  refresh(generation);
}

window.addEventListener('hashchange', show);
document.addEventListener('visibilitychange', () => {
  if (!document.hidden) {
    refresh(generation);
  }
});
show();
