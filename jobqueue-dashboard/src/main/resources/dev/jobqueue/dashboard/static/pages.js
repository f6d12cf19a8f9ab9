// The three views. Each returns a fixed frame (forms keep their input) and a render
// function for the part that refreshes, which is replaced in one step only when its data
// changed, so the page never flickers.
import { act, config, get } from './api.js';
import { minuteChart } from './chart.js';
import { ago, h, number, time, until } from './dom.js';

const STATES = ['pending', 'processing', 'delayed', 'completed', 'failed'];

export const link = {
  overview: () => '#/',
  queue: (queue, state = 'pending', page = 0) =>
    `#/queue/${encodeURIComponent(queue)}?state=${state}&page=${page}`,
  job: (queue, id) => `#/job/${encodeURIComponent(queue)}/${encodeURIComponent(id)}`,
};

function depths(queue, current) {
  return h('div', { class: 'depths' }, STATES.map((state) => h('a', {
    class: `depth ${state}${state === current ? ' current' : ''}`,
    href: link.queue(queue.name, state),
    'data-state': state,
  }, h('span', { class: 'count', 'data-depth': state, text: number(queue.depths[state]) }),
  h('span', { class: 'label', text: state }))), queue.depths.paused
    ? h('span', { class: 'paused', 'data-paused': 'true', title: 'Paused for every instance: nothing new starts', text: 'paused' })
    : null);
}

function instances(list) {
  if (!list.length) {
    return h('p', { class: 'muted instances', text: 'No instance is working this queue.' });
  }
  return h('ul', { class: 'instances' }, list.map((instance) => h('li', { 'data-instance': instance.id },
    h('span', { class: 'host', text: `${instance.host} (pid ${instance.pid})` }),
    h('span', { class: 'muted', text: ` ${instance.active}/${instance.concurrency} busy · seen ${ago(instance.heartbeatAtMs)}` }))));
}

function sum(values) {
  return values.reduce((total, value) => total + value, 0);
}

export function overview(setCrumbs) {
  setCrumbs([]);
  const root = h('section', { class: 'overview' }, h('h1', { text: 'Queues' }));
  return {
    root,
    load: () => get('overview'),
    render(data) {
      if (!data.queues.length) {
        return h('p', { class: 'muted', text: 'No queue is configured or served here. Add one under jobqueue.queues or jobqueue.dashboard.queues.' });
      }
      return h('div', { class: 'cards' }, data.queues.map((queue) => {
        const hour = queue.lastHour;
        const completed = sum(hour.completed);
        const failed = sum(hour.failed);
        const rate = completed + failed ? ((100 * failed) / (completed + failed)).toFixed(1) : '0.0';
        return h('article', { class: 'card', 'data-queue': queue.name },
          h('h2', null, h('a', { href: link.queue(queue.name), text: queue.name })),
          depths(queue),
          h('div', { class: 'charts' },
            h('figure', null, minuteChart({ label: 'completed', startMs: hour.startMs, values: hour.completed, kind: 'completed' }),
              h('figcaption', null, h('b', { 'data-hour': 'completed', text: number(completed) }), ' completed in the last hour')),
            h('figure', null, minuteChart({ label: 'failed', startMs: hour.startMs, values: hour.failed, kind: 'failed' }),
              h('figcaption', null, h('b', { 'data-hour': 'failed', text: number(failed) }), ` failed (${rate} %), `,
                h('span', { 'data-hour': 'retried', text: number(sum(hour.retried)) }), ' retried, ',
                h('span', { 'data-hour': 'reclaimed', text: number(sum(hour.reclaimed)) }), ' reclaimed'))),
          h('h3', { text: 'Instances' }), instances(queue.instances));
      }));
    },
  };
}

function lookup(queue) {
  const input = h('input', { type: 'search', id: 'lookup', placeholder: 'Job id', 'aria-label': 'Job id', required: true });
  return h('form', {
    class: 'lookup',
    onsubmit: (event) => {
      event.preventDefault();
      if (input.value.trim()) {
        location.hash = link.job(queue, input.value.trim());
      }
    },
  }, input, h('button', { type: 'submit', text: 'Look up' }));
}

function queueActions(queue, state, notify) {
  if (!config.actions) {
    return null;
  }
  const confirmInput = h('input', { id: 'purge-confirm', placeholder: `type ${queue} to purge`, 'aria-label': 'Queue name, to confirm the purge' });
  const bar = h('div', { class: 'actions' });
  if (state === 'failed') {
    bar.append(h('button', {
      id: 'retry-all',
      onclick: () => notify(act('retry-failed', { queue }), (outcome) => `Sent ${outcome.count} failed job(s) back to pending.`),
      text: 'Retry all failed',
    }));
  }
  bar.append(h('button', {
    id: 'pause',
    onclick: () => notify(act('pause', { queue }), () => `Paused ${queue} for every instance: running jobs finish, nothing new starts.`),
    text: 'Pause',
  }), h('button', {
    id: 'resume',
    onclick: () => notify(act('resume', { queue }), () => `Resumed ${queue}.`),
    text: 'Resume',
  }));
  bar.append(h('span', { class: 'danger-zone' }, confirmInput, h('button', {
    id: 'purge',
    class: 'danger',
    onclick: () => notify(act('purge', { queue, confirm: confirmInput.value }), (outcome) => `Purged ${queue}: ${outcome.count} key(s) deleted.`),
    text: 'Purge queue',
  })));
  return bar;
}

function schedules(queueName, list, notify) {
  if (!list || !list.length) {
    return null;
  }
  const head = ['Schedule', 'Trigger', 'Missed ticks', 'Last tick', 'Next tick'];
  if (config.actions) {
    head.push('');
  }
  return h('div', null, h('h3', { text: 'Recurring schedules' }),
    h('table', { class: 'schedules', id: 'schedules' },
      h('thead', null, h('tr', null, head.map((title) => h('th', { text: title })))),
      h('tbody', null, list.map((schedule) => h('tr', { 'data-schedule': schedule.name },
        h('td', { text: schedule.name }),
        h('td', { text: schedule.trigger }),
        h('td', { text: schedule.missedTicks }),
        h('td', { title: time(schedule.lastTickMs), text: ago(schedule.lastTickMs) }),
        h('td', { title: time(schedule.nextTickMs), text: until(schedule.nextTickMs) }),
        config.actions ? h('td', null, h('button', {
          class: 'trigger',
          onclick: () => notify(act('trigger', { queue: queueName, schedule: schedule.name }),
            (outcome) => `Schedule ${schedule.name} triggered: job ${outcome.id}.`),
          text: 'Trigger now',
        })) : null)))));
}

function runNowButton(queueName, id, notify) {
  return h('button', {
    class: 'run-now',
    onclick: () => notify(act('run-now', { queue: queueName, id }),
      (outcome) => (outcome.count ? `Job ${id} moved to pending.` : `Job ${id} is no longer delayed.`)),
    text: 'Run now',
  });
}

export function queue(name, state, page, setCrumbs, notify) {
  setCrumbs([[name, link.queue(name)]]);
  const root = h('section', { class: 'queue' }, h('h1', { text: name }), lookup(name), queueActions(name, state, notify));
  return {
    root,
    load: () => get('queue', { name, state, page }),
    render(data) {
      const list = data.page;
      const first = list.page * list.size;
      // a delayed job shows when it is due instead of its last change, and can be run now
      const delayed = state === 'delayed';
      const rows = list.jobs.map((job) => h('tr', { 'data-job-id': job.id },
        h('td', null, h('a', { href: link.job(name, job.id), text: job.id })),
        h('td', null, h('span', { class: `status ${job.status}`, text: job.status })),
        h('td', { class: 'num', text: job.attempts }),
        h('td', { title: time(job.enqueuedAtMs), text: ago(job.enqueuedAtMs) }),
        delayed ? h('td', { class: 'due', title: time(job.runAtMs), text: until(job.runAtMs) })
          : h('td', { title: time(job.updatedAtMs), text: ago(job.updatedAtMs) }),
        h('td', { class: 'error', text: job.lastError || '' }),
        delayed && config.actions ? h('td', null, runNowButton(name, job.id, notify)) : null));
      const head = ['Id', 'Status', 'Attempts', 'Enqueued', delayed ? 'Due' : 'Last change', 'Last error'];
      if (delayed && config.actions) {
        head.push('');
      }
      const pages = Math.max(1, Math.ceil(list.total / list.size));
      return h('div', null,
        depths(data, state),
        h('table', { class: 'jobs', id: 'jobs' },
          h('thead', null, h('tr', null, head.map((title) => h('th', { text: title })))),
          h('tbody', null, rows.length ? rows : h('tr', null, h('td', { colspan: head.length, class: 'muted', text: `No ${state} jobs.` })))),
        h('nav', { class: 'pager' },
          h('a', { href: list.page > 0 ? link.queue(name, state, list.page - 1) : null, class: list.page > 0 ? '' : 'disabled', text: '‹ Newer' }),
          h('span', { id: 'page-info', text: list.total ? `${number(first + 1)}–${number(Math.min(first + list.size, list.total))} of ${number(list.total)} · page ${number(list.page + 1)} of ${number(pages)}` : '0 jobs' }),
          h('a', { href: list.page + 1 < pages ? link.queue(name, state, list.page + 1) : null, class: list.page + 1 < pages ? '' : 'disabled', text: 'Older ›' })),
        schedules(name, data.schedules, notify),
        h('h3', { text: 'Instances' }), instances(data.instances));
    },
  };
}

function value(title, text, shown, id) {
  return h('div', { class: 'value' }, h('h3', { text: title }),
    text === null ? h('p', { class: 'muted', text: 'none' })
      : h('pre', { id, class: shown ? '' : 'masked', text: shown ? pretty(text) : text }),
    !shown && text !== null ? h('p', { class: 'muted small', text: 'Hidden by jobqueue.endpoint.show-values.' }) : null);
}

function pretty(json) {
  try {
    return JSON.stringify(JSON.parse(json), null, 2);
  } catch (ignored) {
    return json;
  }
}

function progress(text) {
  const percent = Number(text);
  if (text === null || text === undefined) {
    return null;
  }
  if (Number.isFinite(percent)) {
    const bar = h('div', { class: 'progress-bar' });
    bar.style.width = `${Math.min(100, Math.max(0, percent))}%`;
    return h('div', { class: 'progress', id: 'progress', title: `${percent} %` }, bar);
  }
  return h('p', { id: 'progress', text: `Progress: ${text}` });
}

function jobActions(queueName, id, status, notify) {
  if (!config.actions) {
    return null;
  }
  const bar = h('div', { class: 'actions' });
  if (status === 'delayed') {
    const button = runNowButton(queueName, id, notify);
    button.id = 'run-now';
    bar.append(button);
  }
  if (status === 'pending' || status === 'delayed' || status === 'processing') {
    bar.append(h('button', { id: 'cancel', onclick: () => notify(act('cancel', { queue: queueName, id }), (o) => (o.count ? 'Cancelled.' : 'Not cancelled: the job has already finished.')), text: 'Cancel' }));
  }
  if (status === 'failed') {
    bar.append(h('button', { id: 'retry', onclick: () => notify(act('retry', { queue: queueName, id }), (o) => (o.count ? 'Sent back to pending.' : 'Not retried: the job has not failed.')), text: 'Retry' }));
  }
  const remove = h('button', { id: 'delete', class: 'danger', text: 'Delete' });
  remove.addEventListener('click', () => {
    if (remove.dataset.armed !== 'true') {
      remove.dataset.armed = 'true';
      remove.textContent = 'Click again to delete';
      return;
    }
    notify(act('delete', { queue: queueName, id }), (o) => (o.count ? 'Deleted.' : 'Nothing to delete.'));
  });
  bar.append(remove);
  return bar;
}

export function job(queueName, id, setCrumbs, notify) {
  setCrumbs([[queueName, link.queue(queueName)], [id, link.job(queueName, id)]]);
  const root = h('section', { class: 'job' }, h('h1', { text: `Job ${id}` }));
  return {
    root,
    load: () => get('job', { queue: queueName, id }),
    render(data) {
      const fields = Object.entries(data.fields);
      return h('div', null,
        h('p', { class: 'summary' }, h('span', { id: 'job-status', class: `status ${data.status}`, text: data.status }),
          ` · attempts `, h('b', { id: 'job-attempts', text: data.attempts })),
        progress(data.progress),
        jobActions(queueName, id, data.status, notify),
        h('div', { class: 'columns' },
          value('Payload', data.payload, data.valuesShown, 'payload'),
          value('Result', data.result, data.valuesShown, 'result')),
        h('h3', { text: 'Last error' }),
        data.lastError ? h('pre', { id: 'last-error', class: 'error', text: data.lastError }) : h('p', { class: 'muted', text: 'none' }),
        h('h3', { text: 'Timeline' }),
        h('ol', { class: 'timeline', id: 'timeline' }, data.timeline.map((event) => h('li', { 'data-event': event.event },
          h('time', { title: time(event.atMs), text: time(event.atMs) }), ' ', h('b', { text: event.event }),
          event.detail ? ` · ${event.detail}` : ''))),
        h('p', { class: 'muted small', text: 'Redis keeps the latest claim, reclaim and error of a job, not each one.' }),
        fields.length ? h('div', null, h('h3', { text: 'Other fields' }), h('table', { class: 'fields' },
          h('tbody', null, fields.map(([key, text]) => h('tr', null, h('th', { text: key }), h('td', { text })))))) : null);
    },
  };
}
