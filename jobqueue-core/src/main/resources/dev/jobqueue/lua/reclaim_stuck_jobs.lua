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
-- Returns: { ids returned to pending, ids failed for good, ids whose extra entry was dropped },
-- each in processing-list order
--- @include "includes/count_minute"
--- @include "includes/num"
--- @include "includes/clock"
--- @include "includes/is_utf8"
--- @include "includes/fail_for_good"
--- @include "includes/drop_duplicate"
--- @include "includes/waiting"

local pending, processing, prefix, failed, leases = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5]
local now_text = ARGV[1]
local now, visibility, max_attempts = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local ttl, history, channel = tonumber(ARGV[4]), tonumber(ARGV[5]), ARGV[6]
local reclaimed, failed_ids, dropped, seen = {}, {}, {}, {}
minute_counts_key = KEYS[6]

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

-- A stale job: back to pending, or failed for good when it has used its attempts.
local function reclaim(key, id, attempts_field, timeout)
  redis.call('LREM', processing, 1, id)
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

for _, id in ipairs(redis.call('LRANGE', processing, 0, -1)) do
  local key = prefix .. id
  if seen[id] then
    redis.call('LREM', processing, 1, id)
    dropped[#dropped + 1] = id
  elseif not is_utf8(id) then
    redis.call('LREM', processing, 1, id)
    fail_for_good(key, failed, id, not_utf8_error(id), now_text, ttl, history, channel)
    failed_ids[#failed_ids + 1] = id
  else
    seen[id] = true
    local fields = redis.call('HMGET', key, 'claimed_at_ms', 'enqueued_at_ms', 'attempts', 'status')
    if not fields[1] and not fields[2] and not fields[3] and not fields[4] and redis.call('EXISTS', key) == 0 then
      redis.call('LREM', processing, 1, id)
      redis.call('ZREM', leases, id)
      redis.call('HSET', key, 'id', id)
      fail_for_good(key, failed, id, 'job hash missing while processing (expired or deleted); not retried',
        now_text, ttl, history, channel)
      failed_ids[#failed_ids + 1] = id
    elseif fields[4] == 'completed' or fields[4] == 'failed' or fields[4] == 'cancelled' or fields[4] == 'delayed' then
      drop_duplicate(processing, id, fields[4], channel)
      dropped[#dropped + 1] = id
    else
      local stale, timeout = is_stale(key, id, fields)
      if stale then
        reclaim(key, id, fields[3], timeout)
      end
    end
  end
end

for _, id in ipairs(redis.call('ZRANGEBYSCORE', leases, '-inf', now, 'LIMIT', 0, 100)) do
  if redis.call('HGET', prefix .. id, 'status') ~= 'processing' then
    redis.call('ZREM', leases, id)
  end
end
count_minute('reclaimed', #reclaimed)
return { reclaimed, failed_ids, dropped }
