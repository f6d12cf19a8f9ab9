-- Returns stale jobs from processing to the newest end of pending. A job claimed by jobqueue is stale
-- when its lease (the deadline its claimant recorded in the lease sorted set at claim or extension)
-- has passed, whatever this sweeper's own visibility timeout; a job without a lease (claimed by a
-- reference helper) keeps the reference's stale rule: claimed_at_ms > 0 and now - claimed_at_ms >
-- visibility, or, when claimed_at_ms is 0 (a crash between BLMOVE and the claim writes),
-- enqueued_at_ms > 0 and now - enqueued_at_ms > 2 x visibility.
-- Stricter than the reference:
--  * a stale job already at max attempts is failed for good, so a job that always hangs ends;
--  * an id whose hash is gone is failed instead of staying in processing forever (edge case 9.3);
--  * an entry of a job that is completed, failed, cancelled or delayed, or a second entry of the
--    same id, is dropped: it is left over by a duplicate push or a replayed command, and a finished
--    job must never run again (a delayed one waits in the delayed set);
--  * an id that is not valid UTF-8 is failed for good (no Java worker can address it);
--  * a timestamp that is not a finite number, or lies further ahead than the clock-skew tolerance,
--    is unusable: claimed_at_ms is then rewritten to now, so the job is reclaimed one visibility
--    later; non-numeric text reads as 0 instead of aborting the sweep (edge case 9.4).
-- Expired leases of jobs that are no longer processing (finished by a reference helper) are removed.
-- Bounded per call, so that a long processing list (thousands of running jobs) costs each sweep about
-- the same as a short one:
--  * up to SWEEP_LEASES expired leases, oldest first, are read from the lease sorted set; while the
--    processing list is longer than SWEEP_WINDOW, their stale jobs are reclaimed from there, so a
--    job that jobqueue claimed is found at once however long the list;
--  * SWEEP_WINDOW entries of the processing list are checked per call as above, a window that moves
--    from the oldest end (right) towards the newest on each call and starts over at the right end
--    after the left end; its position, counted from the right end, is kept in queue:Q:sweep-cursor
--    (absent while it is 0, so always for a list of at most SWEEP_WINDOW entries, which each call
--    checks whole). A job claimed by a reference helper, a duplicate or an orphan entry is found
--    within ceil(length / SWEEP_WINDOW) calls. Entries found in the window are replaced by a
--    tombstone (LSET) and all removed by one LREM from the end the window is nearer to.
-- KEYS[1] pending list
-- KEYS[2] processing list
-- KEYS[3] job hash key prefix
-- KEYS[4] failed list
-- KEYS[5] lease sorted set
-- KEYS[6] this minute's counters hash, only when per-minute counters are on
-- ARGV[1] now, epoch milliseconds
-- ARGV[2] visibility timeout, milliseconds
-- ARGV[3] max attempts
-- ARGV[4] finished-job TTL, seconds
-- ARGV[5] history size
-- ARGV[6] events channel
-- Returns: { ids returned to pending, ids failed for good, ids whose extra entry was dropped }: first
-- those found by their expired leases, newest lease first, then those of the window, in processing-list
-- order (newest claim first)
--- @include "includes/count_minute"
--- @include "includes/num"
--- @include "includes/clock"
--- @include "includes/is_utf8"
--- @include "includes/fail_for_good"
--- @include "includes/drop_duplicate"
--- @include "includes/waiting"
--- @include "includes/remove_entry"

local pending, processing, prefix, failed, leases = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5]
local now_text = ARGV[1]
local now, visibility, max_attempts = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local ttl, history, channel = tonumber(ARGV[4]), tonumber(ARGV[5]), ARGV[6]
local reclaimed, failed_ids, dropped, seen = {}, {}, {}, {}
minute_counts_key = KEYS[6]
local SWEEP_LEASES = 100
local SWEEP_WINDOW = 256
-- what replaces an entry to remove until the window's one LREM; no writer uses it as a job id, and an
-- entry equal to it (left over if a sweep ever stopped between its LSET and LREM) is removed
local TOMBSTONE = '\0jobqueue:swept'
local cursor_key = queue_base(pending) .. 'sweep-cursor'

local function is_stale(key, id, fields)
  local claimed_at = time_of(fields[1], now)
  if fields[4] == 'processing' then
    local deadline = lease_of(leases, id, claimed_at, now)
    if deadline then
      return now > deadline, deadline - claimed_at
    end
  end
  if claimed_at > 0 then
    return now - claimed_at > visibility, visibility
  end
  local unset = not fields[1] or fields[1] == '' or fields[1] == '0'
  local enqueued_at = time_of(fields[2], now)
  if unset and enqueued_at > 0 then
    return now - enqueued_at > 2 * visibility, 2 * visibility
  end
  -- no usable timestamp: replace it with now (HDEL first, a removal, so this works at maxmemory)
  redis.call('HDEL', key, 'claimed_at_ms')
  redis.call('HSET', key, 'claimed_at_ms', now_text)
  return false, visibility
end

-- A stale job whose processing entry is gone: back to pending, or failed for good when it has used its
-- attempts.
local function reclaim(key, id, attempts_field, timeout)
  redis.call('ZREM', leases, id)
  local attempts = attempts_of(attempts_field)
  if attempts >= max_attempts then
    fail_for_good(key, failed, id, 'visibility timeout of ' .. timeout .. ' ms expired on attempt ' .. attempts
      .. ' of ' .. max_attempts .. '; not retried', now_text, ttl, history, channel)
    failed_ids[#failed_ids + 1] = id
  else
    requeue(pending, key, id, false)
    redis.call('HSET', key, 'status', 'pending', 'reclaimed_at_ms', now_text, 'claim_token', '', 'claimed_at_ms', '0')
    reclaimed[#reclaimed + 1] = id
  end
end

-- Expired leases: the stale jobs jobqueue claimed (when the list is longer than the window) and the
-- leases of jobs no longer processing.
local length = redis.call('LLEN', processing)
for _, id in ipairs(redis.call('ZRANGEBYSCORE', leases, '-inf', '(' .. now_text, 'LIMIT', 0, SWEEP_LEASES)) do
  local key = prefix .. id
  local fields = redis.call('HMGET', key, 'claimed_at_ms', 'enqueued_at_ms', 'attempts', 'status')
  if fields[4] ~= 'processing' then
    redis.call('ZREM', leases, id)
  elseif length > SWEEP_WINDOW then
    local stale, timeout = is_stale(key, id, fields)
    if stale then
      -- also when the job has no entry left (a processing job in no list): reclaim puts it back
      remove_entry(processing, id)
      seen[id] = true
      reclaim(key, id, fields[3], timeout)
    end
  end
end
-- newest lease first, as the window's order (both lists hold only this pass's ids so far)
for _, ids in ipairs({ reclaimed, failed_ids }) do
  for i = 1, math.floor(#ids / 2) do
    ids[i], ids[#ids + 1 - i] = ids[#ids + 1 - i], ids[i]
  end
end

-- The window: entries from `cursor` to `cursor + SWEEP_WINDOW - 1`, counted from the right end.
length = redis.call('LLEN', processing)
local stored = redis.call('GET', cursor_key)
local saved = math.floor(num(stored))
local cursor = saved
if cursor < 0 or cursor >= length then
  cursor = 0
end
local entries = redis.call('LRANGE', processing, -(cursor + SWEEP_WINDOW), -(cursor + 1))
local n = #entries
local marked = 0
local function mark(i)
  if marked == 0 then
    -- a removal before the first LSET, so the sweep still runs while Redis is at maxmemory
    redis.call('DEL', cursor_key)
  end
  redis.call('LSET', processing, -(cursor + 1 + n - i), TOMBSTONE)
  marked = marked + 1
end

for i, id in ipairs(entries) do
  local key = prefix .. id
  if id == TOMBSTONE then
    mark(i)
  elseif seen[id] then
    mark(i)
    dropped[#dropped + 1] = id
  elseif not is_utf8(id) then
    mark(i)
    fail_for_good(key, failed, id, not_utf8_error(id), now_text, ttl, history, channel)
    failed_ids[#failed_ids + 1] = id
  else
    seen[id] = true
    local fields = redis.call('HMGET', key, 'claimed_at_ms', 'enqueued_at_ms', 'attempts', 'status')
    if not fields[1] and not fields[2] and not fields[3] and not fields[4] and redis.call('EXISTS', key) == 0 then
      mark(i)
      redis.call('ZREM', leases, id)
      redis.call('HSET', key, 'id', id)
      fail_for_good(key, failed, id, 'job hash missing while processing (expired or deleted); not retried',
        now_text, ttl, history, channel)
      failed_ids[#failed_ids + 1] = id
    elseif fields[4] == 'completed' or fields[4] == 'failed' or fields[4] == 'cancelled' or fields[4] == 'delayed' then
      mark(i)
      drop_duplicate(processing, id, fields[4], channel, true)
      dropped[#dropped + 1] = id
    else
      local stale, timeout = is_stale(key, id, fields)
      if stale then
        mark(i)
        reclaim(key, id, fields[3], timeout)
      end
    end
  end
end
if marked > 0 then
  -- one scan from the end nearer to the window
  if cursor + n <= length - cursor then
    redis.call('LREM', processing, -marked, TOMBSTONE)
  else
    redis.call('LREM', processing, marked, TOMBSTONE)
  end
end

-- the next window starts where this one ended (its removed entries no longer count), or over at
-- the right end once this one reached the left end
local next_cursor = cursor + n - marked
if cursor + n >= length then
  next_cursor = 0
end
if next_cursor ~= saved or (marked > 0 and next_cursor > 0) then
  -- DEL first, a removal, so that the SET runs while Redis is at maxmemory
  redis.call('DEL', cursor_key)
  if next_cursor > 0 then
    redis.call('SET', cursor_key, next_cursor)
  end
end
count_minute('reclaimed', #reclaimed)
return { reclaimed, failed_ids, dropped }
