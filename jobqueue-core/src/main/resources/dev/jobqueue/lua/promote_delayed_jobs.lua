-- Moves up to N due jobs from the delayed sorted set to the left of pending, where any reference
-- worker claims them; O(log N) per job. Atomic, so any number of promoters can run it at once: a job
-- is taken from the set and pushed in one step and never twice. A due id whose hash is gone, or
-- whose expires_at_ms has passed, is failed for good with a clear last_error instead.
-- KEYS[1] delayed sorted set
-- KEYS[2] pending list
-- KEYS[3] job hash key prefix
-- KEYS[4] failed list
-- ARGV[1] now, epoch milliseconds
-- ARGV[2] N, the most jobs to move
-- ARGV[3] finished-job TTL, seconds
-- ARGV[4] history size
-- ARGV[5] events channel
-- Returns: { number promoted, ids failed because their hash was gone, ids failed as expired,
--            due time of the soonest job left (epoch ms, as a string) or "" when none is left }
--- @include "includes/fail_for_good"
--- @include "includes/expiry"
--- @include "includes/waiting"

local delayed, pending, prefix, failed = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local now, max, ttl, history, channel = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4]), ARGV[5]
local promoted, missing, expired = 0, {}, {}
local due = redis.call('ZRANGEBYSCORE', delayed, '-inf', now, 'LIMIT', 0, max)
for _, id in ipairs(due) do
  redis.call('ZREM', delayed, id)
  local key = prefix .. id
  local fields = redis.call('HMGET', key, 'status', 'expires_at_ms', 'priority', 'group')
  if not fields[1] then
    redis.call('HSET', key, 'id', id)
    fail_for_good(key, failed, id, 'job hash missing: no metadata for this delayed id (expired or deleted); not run',
      now, ttl, history, channel)
    missing[#missing + 1] = id
  elseif fields[2] and is_expired(fields[2], now) then
    fail_for_good(key, failed, id, expired_error(fields[2]), now, ttl, history, channel)
    expired[#expired + 1] = id
  else
    redis.call('HSET', key, 'status', 'pending')
    push_waiting(pending, id, fields[3], fields[4], false)
    promoted = promoted + 1
  end
end
local soonest = redis.call('ZRANGE', delayed, 0, 0, 'WITHSCORES')
return { promoted, missing, expired, soonest[2] or '' }
