"use strict";

// The page of the jobqueue demo: polls GET /jobs and GET /stats every 800 ms, as the reference
// demo does, plus GET /activity for the chart and the reclaimer's sweeps; delayed jobs count down
// to their run_at_ms between polls. No libraries, no build.

const POLL_MS = 800;
const WINDOW_MS = 5 * 60 * 1000;
const RATE_SPAN = 5; // samples over which throughput is averaged
const LISTS = ["pending", "processing", "delayed", "completed", "failed"];
const COUNTDOWN_MS = 200; // delayed jobs count down between polls

const state = { samples: [], lastSampleAt: 0, about: null, poolInputsSet: false, sweeps: [], expanded: new Set() };

const $ = (id) => document.getElementById(id);

function escapeHtml(value) {
  return String(value ?? "").replace(/[&<>"']/g, (c) => ({
    "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;",
  })[c]);
}

function setStatus(message, kind) {
  const box = $("status");
  box.textContent = message;
  box.className = "status " + kind;
}

async function getJson(path) {
  const response = await fetch(path, { cache: "no-store" });
  if (!response.ok) {
    throw new Error(path + " answered " + response.status);
  }
  return response.json();
}

async function post(path, fields) {
  const response = await fetch(path, { method: "POST", body: new URLSearchParams(fields || {}) });
  let data = {};
  try {
    data = await response.json();
  } catch (ignored) {
    data = { error: response.status + " " + response.statusText };
  }
  if (!response.ok) {
    setStatus(data.error || "Request failed.", "error");
    return null;
  }
  return data;
}

// Once, at load: show the pool as it runs (it may have been started by sample.workers or a script).
function initPoolInputs(stats) {
  if (state.poolInputsSet) {
    return;
  }
  state.poolInputsSet = true;
  if (stats.workers_running > 0) {
    $("worker-size").value = stats.workers_running;
  }
  $("work-latency").value = stats.work_latency_ms;
  $("fail-rate").value = stats.fail_rate;
  $("hang-rate").value = stats.hang_rate;
}

function renderStats(stats) {
  document.querySelectorAll("#stats-view [data-stat]").forEach((dd) => {
    const value = stats[dd.dataset.stat];
    dd.textContent = value === undefined ? "–" : value + (dd.dataset.unit || "");
  });
  document.querySelectorAll(".visibility-ms").forEach((el) => { el.textContent = stats.visibility_ms; });
}

// "runs in 4.2 s" for a delayed job, "due" once its time has come (the promoter moves it soon).
function countdownText(runAtMs) {
  const left = runAtMs - Date.now();
  if (left <= 0) {
    return "due";
  }
  if (left < 60000) {
    return `runs in ${(left / 1000).toFixed(1)} s`;
  }
  const seconds = Math.ceil(left / 1000);
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const sec = seconds % 60;
  return "runs in " + (h ? `${h} h ` : "") + `${m} min ${sec} s`;
}

function tickCountdowns() {
  document.querySelectorAll(".countdown[data-run-at]").forEach((el) => {
    el.textContent = countdownText(Number(el.dataset.runAt));
  });
}

// A completed job shows its result even when an earlier attempt left an error behind. A long
// error or result is cut to one line; clicking it shows all of it, and it stays open across
// refreshes until clicked again.
function jobDetail(job) {
  const hasResult = job.result !== null && job.result !== undefined;
  let kind = "";
  let text = "";
  if (job.last_error && !(hasResult && job.status === "completed")) {
    kind = "error";
    text = job.last_error;
  } else if (hasResult) {
    kind = "result";
    text = typeof job.result === "object" ? JSON.stringify(job.result) : String(job.result);
  } else {
    return `<span class="detail"></span>`;
  }
  const open = state.expanded.has(job.id);
  return `<span class="detail ${kind} expandable${open ? " expanded" : ""}" role="button" tabindex="0"
    aria-expanded="${open}" data-expand="${escapeHtml(job.id)}"
    title="${open ? "Click to fold" : "Click to show all"}">${kind}: ${escapeHtml(text)}</span>`;
}

function toggleDetail(detail) {
  const id = detail.dataset.expand;
  const open = !state.expanded.has(id);
  if (open) {
    state.expanded.add(id);
  } else {
    state.expanded.delete(id);
  }
  detail.classList.toggle("expanded", open);
  detail.setAttribute("aria-expanded", String(open));
  detail.title = open ? "Click to fold" : "Click to show all";
}

// A running job shows the progress its handler last reported (the simulated work reports it ten
// times over its latency).
function progressBar(job) {
  if (job.status !== "processing" || job.progress === undefined) {
    return "";
  }
  const percent = Math.max(0, Math.min(100, Number(job.progress) || 0));
  return `<span class="progress" role="progressbar" aria-valuemin="0" aria-valuemax="100"
    aria-valuenow="${percent}" title="${percent}%"><span style="width: ${percent}%"></span></span>`;
}

// Pending and running jobs can be cancelled: a pending one never runs, a running one is told.
function cancelButton(job) {
  if (job.status !== "pending" && job.status !== "processing") {
    return "";
  }
  return `<button type="button" class="cancel" data-cancel="${escapeHtml(job.id)}"
    aria-label="Cancel job ${escapeHtml(job.id)}">cancel</button>`;
}

function renderList(name, jobs, total) {
  const list = $(name + "-list");
  const count = $(name + "-count");
  count.textContent = total;
  if (!jobs.length) {
    list.innerHTML = `<li class="empty">(empty)</li>`;
    return;
  }
  const rows = jobs.map((job) => {
    const payload = typeof job.payload === "object" ? JSON.stringify(job.payload) : String(job.payload ?? "");
    return `<li data-job-id="${escapeHtml(job.id)}">
      <span class="id">${escapeHtml(job.id)}</span>
      <span><span class="badge ${escapeHtml(LISTS.includes(job.status) ? job.status : "unknown")}">${escapeHtml(job.status)}</span></span>
      <span class="attempts">attempts: ${job.attempts}</span>
      ${progressBar(job)}
      ${job.run_at_ms != null ? `<span class="countdown" data-run-at="${Number(job.run_at_ms)}"
        title="${escapeHtml(new Date(job.run_at_ms).toLocaleString())}">${countdownText(job.run_at_ms)}</span>` : ""}
      ${jobDetail(job)}
      ${cancelButton(job)}
      <span class="payload" title="${escapeHtml(payload)}">${escapeHtml(payload)}</span>
    </li>`;
  });
  if (total > jobs.length) {
    rows.push(`<li class="empty">showing ${jobs.length} of ${total}</li>`);
  }
  list.innerHTML = rows.join("");
}

function renderAbout(about) {
  state.about = about;
  $("queue-name").textContent = about.queue;
  $("max-attempts").textContent = about.max_attempts;
  document.querySelectorAll(".visibility-ms").forEach((el) => { el.textContent = about.visibility_ms; });
  const redis = about.redis;
  const chip = $("redis-chip");
  const version = redis.version ? " " + redis.version : "";
  chip.innerHTML = redis.embedded
    ? `embedded Redis${escapeHtml(version)} on <strong>${escapeHtml(redis.host)}:${redis.port}</strong>`
    : `Redis${escapeHtml(version)} at <strong>${escapeHtml(redis.host)}:${redis.port}</strong>`;
  chip.className = "chip " + (redis.embedded ? "warn" : "ok");
  const notice = $("redis-notice");
  notice.hidden = !redis.embedded;
  notice.textContent = redis.embedded ? redis.note : "";
  const reclaimer = about.reclaimer;
  const rchip = $("reclaimer-chip");
  rchip.innerHTML = reclaimer.enabled
    ? `automatic reclaimer <strong>every ${reclaimer.interval_ms} ms</strong>`
    : `automatic reclaimer <strong>off</strong>`;
  rchip.className = "chip " + (reclaimer.enabled ? "ok" : "off");
}

function renderSweeps(sweeps) {
  state.sweeps = sweeps;
  const list = $("reclaim-log");
  if (!sweeps.length) {
    list.innerHTML = `<li class="empty">No jobs reclaimed yet.</li>`;
    return;
  }
  list.innerHTML = sweeps.map((sweep) => {
    const time = new Date(sweep.at_ms).toLocaleTimeString([], { hour12: false });
    const parts = [];
    if (sweep.reclaimed.length) {
      parts.push(`returned ${sweep.reclaimed.length} job(s) to pending`);
    }
    if (sweep.failed.length) {
      parts.push(`failed ${sweep.failed.length} on their last attempt`);
    }
    const ids = sweep.reclaimed.concat(sweep.failed).join(" ");
    return `<li class="sweep ${escapeHtml(sweep.source)}"><time>${time}</time><span class="tag ${escapeHtml(sweep.source)}">${escapeHtml(sweep.source)}</span>${parts.join(", ")}<span class="ids">${escapeHtml(ids)}</span></li>`;
  }).join("");
}

// ---- chart -------------------------------------------------------------------------------

// The grid has four steps; each step is 1, 2, 2.5 or 5 times a power of ten, so labels stay round.
function niceStep(max) {
  const raw = Math.max(max, 1) / 4;
  const power = Math.pow(10, Math.floor(Math.log10(raw)));
  for (const step of [1, 2, 2.5, 5, 10]) {
    if (raw <= step * power) {
      return step * power;
    }
  }
  return 10 * power;
}

// Steps such as 0.25 need two decimals: round only away the floating-point noise of step * i.
function formatTick(value) {
  return String(Number(value.toPrecision(12)));
}

function drawChart(svg, series, now) {
  const width = Math.max(200, svg.clientWidth || 520);
  const height = Math.max(120, svg.clientHeight || 170);
  const pad = { left: 34, right: 10, top: 10, bottom: 20 };
  const plotW = width - pad.left - pad.right;
  const plotH = height - pad.top - pad.bottom;
  const start = now - WINDOW_MS;
  let max = 0;
  series.forEach((s) => s.points.forEach((p) => { if (p[0] >= start) { max = Math.max(max, p[1]); } }));
  const step = niceStep(max);
  max = step * 4;
  const x = (t) => pad.left + ((t - start) / WINDOW_MS) * plotW;
  const y = (v) => pad.top + plotH - (v / max) * plotH;
  const parts = [];
  for (let i = 0; i <= 4; i += 1) {
    const value = step * i;
    const yy = y(value).toFixed(1);
    parts.push(`<line class="grid-line" x1="${pad.left}" x2="${width - pad.right}" y1="${yy}" y2="${yy}"/>`);
    parts.push(`<text class="axis-label" x="${pad.left - 6}" y="${(Number(yy) + 3).toFixed(1)}" text-anchor="end">${formatTick(value)}</text>`);
  }
  for (let minute = 5; minute >= 0; minute -= 1) {
    const xx = x(now - minute * 60000).toFixed(1);
    const label = minute === 0 ? "now" : `−${minute} min`;
    const anchor = minute === 0 ? "end" : minute === 5 ? "start" : "middle";
    parts.push(`<text class="axis-label" x="${xx}" y="${height - 5}" text-anchor="${anchor}">${label}</text>`);
  }
  series.forEach((s) => {
    const points = s.points.filter((p) => p[0] >= start);
    if (points.length < 2) {
      return;
    }
    const path = points.map((p, i) => `${i ? "L" : "M"}${x(p[0]).toFixed(1)},${y(p[1]).toFixed(1)}`).join("");
    if (s.area) {
      const base = y(0).toFixed(1);
      parts.push(`<path class="area ${s.name}" d="${path}L${x(points[points.length - 1][0]).toFixed(1)},${base}L${x(points[0][0]).toFixed(1)},${base}Z"/>`);
    }
    parts.push(`<path class="series ${s.name}" d="${path}"/>`);
  });
  svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
  svg.innerHTML = parts.join("");
}

function rate(samples, field) {
  const points = [];
  for (let i = 1; i < samples.length; i += 1) {
    const j = Math.max(0, i - RATE_SPAN);
    const seconds = (samples[i].t - samples[j].t) / 1000;
    const delta = samples[i][field] - samples[j][field];
    points.push([samples[i].t, seconds > 0 ? Math.max(0, delta) / seconds : 0]);
  }
  return points;
}

function renderCharts() {
  const samples = state.samples;
  const now = samples.length ? samples[samples.length - 1].t : Date.now();
  drawChart($("throughput-chart"), [
    { name: "completed", points: rate(samples, "completed_total") },
    { name: "failed", points: rate(samples, "failed_total") },
    { name: "reclaimed", points: rate(samples, "reclaimed_total") },
  ], now);
  drawChart($("depth-chart"), [
    { name: "pending", area: true, points: samples.map((s) => [s.t, s.pending_depth]) },
    { name: "processing", points: samples.map((s) => [s.t, s.processing_depth]) },
  ], now);
}

function addSamples(activity) {
  if (activity.samples.length) {
    state.samples = state.samples.concat(activity.samples);
    state.lastSampleAt = state.samples[state.samples.length - 1].t;
    const cutoff = state.lastSampleAt - WINDOW_MS - 10000;
    state.samples = state.samples.filter((s) => s.t >= cutoff);
  }
}

// ---- polling and buttons -----------------------------------------------------------------

let failures = 0;

async function refresh() {
  try {
    const [jobs, stats, activity] = await Promise.all([
      getJson("/jobs"),
      getJson("/stats"),
      getJson("/activity?since=" + state.lastSampleAt),
    ]);
    initPoolInputs(stats);
    renderStats(stats);
    const totals = {
      pending: stats.pending_depth,
      processing: stats.processing_depth,
      delayed: stats.delayed_depth,
      completed: stats.completed_depth,
      failed: stats.failed_depth,
    };
    LISTS.forEach((name) => renderList(name, jobs[name], totals[name]));
    addSamples(activity);
    renderSweeps(activity.reclaims);
    renderCharts();
    document.body.dataset.refreshed = String(Date.now());
    if (failures > 0) {
      setStatus("Connected again.", "ok");
    }
    failures = 0;
  } catch (err) {
    failures += 1;
    setStatus("Cannot reach the demo: " + err.message, "error");
  }
}

async function poll() {
  await refresh();
  setTimeout(poll, POLL_MS);
}

// A button is disabled while its request runs, so a slow answer cannot be asked for twice.
function on(id, handler) {
  const button = $(id);
  button.addEventListener("click", async () => {
    button.disabled = true;
    button.setAttribute("aria-busy", "true");
    try {
      await handler();
    } catch (err) {
      setStatus(err.message, "error");
    } finally {
      button.disabled = false;
      button.removeAttribute("aria-busy");
    }
    refresh();
  });
}

// Says what a manual sweep found. The automatic reclaimer sweeps every few hundred ms, so it has
// almost always returned a stale job before the button is pressed: name its last sweep instead.
function sweepMessage(data) {
  const failed = data.failed && data.failed.length ? `, failed ${data.failed.length} on their last attempt` : "";
  const message = `Reclaimed ${data.reclaimed.length} job(s)${failed}.`;
  const reclaimer = state.about && state.about.reclaimer;
  if (data.reclaimed.length || (data.failed && data.failed.length) || !reclaimer || !reclaimer.enabled) {
    return message;
  }
  const last = state.sweeps.find((sweep) => sweep.source === "automatic");
  const lastText = last
    ? `its last sweep that moved jobs, at ${new Date(last.at_ms).toLocaleTimeString([], { hour12: false })}, `
      + `returned ${last.reclaimed.length} job(s) to pending` + (last.failed.length ? ` and failed ${last.failed.length}` : "")
    : "it has not had to move any job yet";
  return `${message} Nothing was stale: the automatic reclaimer sweeps every ${reclaimer.interval_ms} ms `
    + `and gets there first; ${lastText}.`;
}

on("enqueue-button", async () => {
  const data = await post("/enqueue", {
    kind: $("job-kind").value,
    recipient: $("job-recipient").value,
    priority: $("job-priority").value,
    group: $("job-group").value,
    count: $("job-count").value,
    delay_ms: $("job-delay").value,
  });
  if (data) {
    const delay = Number($("job-delay").value) || 0;
    setStatus(`Enqueued ${data.enqueued.length} job(s)` + (delay > 0 ? `, due in ${delay} ms.` : "."), "ok");
  }
});

on("pause-button", async () => {
  if (await post("/queue/pause")) {
    setStatus("Queue paused for every instance: running jobs finish, nothing new starts.", "ok");
  }
});

on("resume-button", async () => {
  if (await post("/queue/resume")) {
    setStatus("Queue resumed.", "ok");
  }
});

on("start-button", async () => {
  const data = await post("/workers/start", {
    size: $("worker-size").value,
    work_latency_ms: $("work-latency").value,
    fail_rate: $("fail-rate").value,
    hang_rate: $("hang-rate").value,
  });
  if (data) {
    setStatus(`Workers started: ${data.workers_running} running.`, "ok");
  }
});

on("stop-button", async () => {
  if (await post("/workers/stop")) {
    setStatus("Workers stopped.", "ok");
  }
});

on("reclaim-button", async () => {
  const data = await post("/reclaim");
  if (data) {
    setStatus(sweepMessage(data), "ok");
  }
});

// Reset stops the workers first; a hung job holds its worker until the shutdown timeout hands it
// back, so the answer can take seconds: say what is happening and count them.
on("reset-button", async () => {
  const started = Date.now();
  const progress = () => setStatus("Resetting: stopping the workers; a hung job is handed back after the "
    + `shutdown timeout… ${Math.floor((Date.now() - started) / 1000)} s`, "ok");
  progress();
  const ticker = setInterval(progress, 250);
  let data;
  try {
    data = await post("/reset");
  } finally {
    clearInterval(ticker);
  }
  if (data) {
    setStatus(`Queue reset in ${((Date.now() - started) / 1000).toFixed(1)} s.`, "ok");
  }
});

document.addEventListener("click", async (event) => {
  const cancel = event.target.closest("[data-cancel]");
  if (cancel) {
    cancel.disabled = true;
    const data = await post("/jobs/cancel", { id: cancel.dataset.cancel });
    if (data) {
      setStatus(`Cancelled job ${data.id} (it was ${data.previous_status}).`, "ok");
    }
    refresh();
    return;
  }
  const detail = event.target.closest("[data-expand]");
  if (detail) {
    toggleDetail(detail);
  }
});
document.addEventListener("keydown", (event) => {
  const detail = event.target.closest && event.target.closest("[data-expand]");
  if (detail && (event.key === "Enter" || event.key === " ")) {
    event.preventDefault();
    toggleDetail(detail);
  }
});

window.addEventListener("resize", renderCharts);
setInterval(tickCountdowns, COUNTDOWN_MS);
getJson("/about").then(renderAbout).catch((err) => setStatus("Cannot reach the demo: " + err.message, "error"));
poll();
