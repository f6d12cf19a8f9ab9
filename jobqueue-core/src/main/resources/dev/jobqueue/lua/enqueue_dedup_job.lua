-- Enqueues a job with a caller-chosen id under a deduplication mode (jobqueue only):
--  replace:  no job with the id: enqueued as a plain job. A job that has not started (pending or
--            delayed): its payload is replaced, it keeps its place. Otherwise refused.
--  debounce: no job with the id, or a finished one: enqueued delayed, due at now + the debounce
--            delay. A job that has not started: payload replaced and due time pushed back to now +
--            the delay (a pending one goes back to the delayed set). A running job: refused.
--  window:   no job with the id, or one that finished at least the window ago: enqueued as a plain
--            job plus dedup_window_ms (its finished hash then lives at least that long). A job that
--            has not finished, or finished less than the window ago: refused.
-- A finished job that is replaced loses its old hash; its id stays in the history lists.
-- KEYS[1] job hash key prefix
-- KEYS[2] pending list
-- KEYS[3] delayed sorted set
-- ARGV[1] now, epoch milliseconds
-- ARGV[2] mode: replace, debounce or window
-- ARGV[3] job id
-- ARGV[4] payload JSON
-- ARGV[5] debounce delay or window, milliseconds
-- ARGV[6] wake channel of the queue's promoters
-- ARGV[7] W3C traceparent of the enqueue, or "" (or absent) for none; written with a new hash only:
--         an updated job keeps the trace of the enqueue that created it
-- Returns: {outcome, status before}: outcome 1 enqueued, 2 updated, 0 refused; status '' when absent
--- @include "includes/num"
--- @include "includes/delay_job"

local prefix, pending, delayed = KEYS[1], KEYS[2], KEYS[3]
local now, mode, id, payload, ms, wake = ARGV[1], ARGV[2], ARGV[3], ARGV[4], tonumber(ARGV[5]), ARGV[6]
local traceparent = ARGV[7] or ''
local key = prefix .. id
local fields = redis.call('HMGET', key, 'status', 'completed_at_ms', 'last_error_at_ms', 'cancelled_at_ms')
local status = fields[1]
if not status and redis.call('EXISTS', key) == 1 then
  status = 'pending'
end
local finished = status == 'completed' or status == 'failed' or status == 'cancelled'
local not_started = status == 'pending' or status == 'delayed'

local function write_new(extra_status)
  if status then
    redis.call('DEL', key)
  end
  redis.call('HSET', key, 'id', id, 'payload', payload, 'status', extra_status, 'attempts', '0', 'enqueued_at_ms', now,
    'claim_token', '')
  if traceparent ~= '' then
    redis.call('HSET', key, 'traceparent', traceparent)
  end
end

if mode == 'replace' then
  if not status then
    write_new('pending')
    redis.call('LPUSH', pending, id)
    return { 1, '' }
  end
  if not_started then
    redis.call('HSET', key, 'payload', payload)
    return { 2, status }
  end
  return { 0, status }
end

if mode == 'debounce' then
  local run_at = tonumber(now) + ms
  if not status or finished then
    write_new('delayed')
    redis.call('HSET', key, 'run_at_ms', run_at)
    delay_job(delayed, id, run_at, wake)
    return { 1, status or '' }
  end
  if not_started then
    if status == 'pending' then
      redis.call('LREM', pending, 0, id)
    end
    redis.call('HSET', key, 'payload', payload, 'status', 'delayed', 'run_at_ms', run_at)
    redis.call('ZREM', delayed, id)
    delay_job(delayed, id, run_at, wake)
    return { 2, status }
  end
  return { 0, status }
end

-- window
if status and not finished then
  return { 0, status }
end
if finished then
  local finished_at = math.max(num(fields[2]), num(fields[3]), num(fields[4]))
  if tonumber(now) - finished_at < ms then
    return { 0, status }
  end
end
write_new('pending')
redis.call('HSET', key, 'dedup_window_ms', ms)
redis.call('LPUSH', pending, id)
return { 1, status or '' }
