// The BullMQ side of the jobqueue benchmark. The Java harness starts this script once per phase:
//
//   node bench.mjs <phase> port=<redis port> n=<jobs> concurrency=<c> ...
//
// The script connects and prepares (for a drain: bulk-adds the n jobs), prints {"ready":true} and
// waits for one line on stdin. The harness then resets INFO commandstats and sends the line; the
// script runs the timed part and prints one JSON line with its figures, then waits for a second line
// before it exits, so the harness can read its CPU time. Every Redis-side figure
// (commands, CPU, memory, clients) is read by the harness, the same way for both queues.
import { createInterface } from 'node:readline';
import { performance } from 'node:perf_hooks';
import { Queue, Worker } from 'bullmq';

const [phase, ...rest] = process.argv.slice(2);
const opt = Object.fromEntries(rest.map((arg) => arg.split('=')));
const port = Number(opt.port);
const n = Number(opt.n ?? 0);
const concurrency = Number(opt.concurrency ?? 1);
const batch = Number(opt.batch ?? 1000);
const name = opt.queue ?? `bench-${phase}-${process.pid}`;
const connection = { host: '127.0.0.1', port, maxRetriesPerRequest: null };
// By default finished jobs are removed at once (removeOnComplete: true), BullMQ's fastest bounded
// setting; keep=300 keeps them 300 s instead, as long as the reference keeps a finished hash.
const keep = opt.keep === undefined ? true : { age: Number(opt.keep) };
const jobOptions = { removeOnComplete: keep, removeOnFail: keep };
// result=true: the drain's processor returns a result, as the realistic jobqueue handler does.
const processor = opt.result === 'true' ? async (job) => ({ seq: job.data.seq, status: 'done' }) : async () => {};

// Lines that arrive before anyone waits for them are kept, not lost.
const lines = createInterface({ input: process.stdin });
const received = [];
const waiting = [];
lines.on('line', (line) => (waiting.length > 0 ? waiting.shift()(line) : received.push(line)));
lines.on('close', () => waiting.splice(0).forEach((resolve) => resolve(null)));
const nextLine = () => new Promise((resolve) => (received.length > 0 ? resolve(received.shift()) : waiting.push(resolve)));
const print = (value) => process.stdout.write(JSON.stringify(value) + '\n');

const payload = (seq) => ({ kind: 'noop', seq });

async function addAll(queue, count) {
  for (let from = 0; from < count; from += batch) {
    const jobs = [];
    for (let i = from; i < Math.min(count, from + batch); i++) {
      jobs.push({ name: 'noop', data: payload(i), opts: jobOptions });
    }
    await queue.addBulk(jobs);
  }
}

async function enqueue(queue) {
  await queue.waitUntilReady();
  print({ ready: true });
  await nextLine();
  const start = performance.now();
  if (phase === 'enqueue-batch') {
    await addAll(queue, n);
  }
  else {
    const producers = phase === 'enqueue-single' ? 1 : concurrency;
    let next = 0;
    const produce = async () => {
      for (let seq = next++; seq < n; seq = next++) {
        await queue.add('noop', payload(seq), jobOptions);
      }
    };
    await Promise.all(Array.from({ length: producers }, produce));
  }
  return { seconds: (performance.now() - start) / 1000, count: n };
}

async function drain(queue) {
  await addAll(queue, n);
  let done = 0;
  let finish;
  const finished = new Promise((resolve) => (finish = resolve));
  const worker = new Worker(name, processor, { connection, concurrency, autorun: false });
  worker.on('completed', () => {
    if (++done === n) {
      finish(performance.now());
    }
  });
  await worker.waitUntilReady();
  print({ ready: true });
  await nextLine();
  const start = performance.now();
  worker.run();
  const end = await finished;
  await worker.close();
  return { seconds: (end - start) / 1000, count: done };
}

async function latency(queue) {
  const rate = Number(opt.rate ?? 1000);
  const startLatencies = [];
  const completeLatencies = [];
  let done = 0;
  let finish;
  const finished = new Promise((resolve) => (finish = resolve));
  const worker = new Worker(name, async (job) => {
    startLatencies.push(performance.now() - job.data.t);
    return processor(job);
  }, { connection, concurrency });
  worker.on('completed', (job) => {
    completeLatencies.push(performance.now() - job.data.t);
    if (++done === n) {
      finish();
    }
  });
  await worker.waitUntilReady();
  await queue.waitUntilReady();
  print({ ready: true });
  await nextLine();
  // Paced by the clock: each job leaves when its turn comes, so a slow add does not lower the rate.
  const start = performance.now();
  let sent = 0;
  const adds = [];
  while (sent < n) {
    const due = Math.min(n, Math.floor(((performance.now() - start) * rate) / 1000) + 1);
    while (sent < due) {
      adds.push(queue.add('noop', { kind: 'noop', seq: sent++, t: performance.now() }, jobOptions));
    }
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  await Promise.all(adds);
  await finished;
  const seconds = (performance.now() - start) / 1000;
  await worker.close();
  return { seconds, count: done, startLatencies, completeLatencies };
}

const queue = new Queue(name, { connection });
try {
  let result;
  if (phase.startsWith('enqueue')) {
    result = await enqueue(queue);
  }
  else if (phase === 'drain') {
    result = await drain(queue);
  }
  else if (phase === 'latency') {
    result = await latency(queue);
  }
  else {
    throw new Error(`unknown phase ${phase}`);
  }
  print(result);
  // Stay alive until the harness has read this process's CPU time.
  await nextLine();
}
finally {
  await queue.close();
  lines.close();
}
