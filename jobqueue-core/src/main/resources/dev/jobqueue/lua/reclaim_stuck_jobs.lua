-- Returns stale jobs from processing to the newest end of pending, with the reference's stale rule:
-- claimed_at_ms > 0 and now - claimed_at_ms > visibility, or, when claimed_at_ms is 0 (a crash
-- between BLMOVE and the claim writes), enqueued_at_ms > 0 and now - enqueued_at_ms > 2 x visibility.
-- Stricter than the reference:
--  * a stale job already at max attempts is failed for good, so a job that always hangs ends;
--  * an id whose hash is gone is failed instead of staying in processing forever (edge case 9.3);
--  * non-numeric timestamps read as 0 instead of aborting the sweep (edge case 9.4), and a job with
--    no usable timestamp at all gets claimed_at_ms = now, so it is reclaimed one visibility later.
-- KEYS[1] pending list
-- KEYS[2] processing list
-- KEYS[3] job hash key prefix
-- KEYS[4] failed list
-- KEYS[5] this minute's counters hash, only when per-minute counters are on
-- ARGV[1] now, epoch milliseconds
-- ARGV[2] visibility timeout, milliseconds
-- ARGV[3] max attempts
-- ARGV[4] finished-job TTL, seconds
-- ARGV[5] history size
-- ARGV[6] events channel
-- Returns: { ids returned to pending, ids failed for good }, each in processing-list order
--- @include "includes/count_minute"
--- @include "includes/num"
--- @include "includes/fail_for_good"

local pending, processing, prefix, failed = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local now_text = ARGV[1]
local now, visibility, max_attempts = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local ttl, history, channel = tonumber(ARGV[4]), tonumber(ARGV[5]), ARGV[6]
local reclaimed, failed_ids = {}, {}
minute_counts_key = KEYS[5]

for _, id in ipairs(redis.call('LRANGE', processing, 0, -1)) do
  local key = prefix .. id
  local fields = redis.call('HMGET', key, 'claimed_at_ms', 'enqueued_at_ms', 'attempts', 'status')
  if not fields[1] and not fields[2] and not fields[3] and not fields[4] and redis.call('EXISTS', key) == 0 then
    redis.call('LREM', processing, 1, id)
    redis.call('HSET', key, 'id', id)
    fail_for_good(key, failed, id, 'job hash missing while processing (expired or deleted); not retried',
      now_text, ttl, history, channel)
    failed_ids[#failed_ids + 1] = id
  else
    local claimed_at, enqueued_at = num(fields[1]), num(fields[2])
    local stale = false
    if claimed_at > 0 then
      stale = now - claimed_at > visibility
    elseif enqueued_at > 0 then
      stale = now - enqueued_at > 2 * visibility
    else
      redis.call('HSET', key, 'claimed_at_ms', now_text)
    end
    if stale then
      redis.call('LREM', processing, 1, id)
      local attempts = num(fields[3])
      if attempts >= max_attempts then
        fail_for_good(key, failed, id, 'visibility timeout of ' .. visibility .. ' ms expired on attempt '
          .. attempts .. ' of ' .. max_attempts .. '; not retried', now_text, ttl, history, channel)
        failed_ids[#failed_ids + 1] = id
      else
        redis.call('LPUSH', pending, id)
        redis.call('HSET', key, 'status', 'pending', 'reclaimed_at_ms', now_text, 'claim_token', '', 'claimed_at_ms', '0')
        reclaimed[#reclaimed + 1] = id
      end
    end
  end
end
count_minute('reclaimed', #reclaimed)
return { reclaimed, failed_ids }
