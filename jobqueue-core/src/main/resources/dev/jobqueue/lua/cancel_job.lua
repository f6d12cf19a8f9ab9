-- Cancels a job. A pending or delayed job leaves pending (or the delayed set) and never runs; a
-- running job leaves processing and its lease, so its worker's late complete or fail is rejected by
-- the token check (the status is no longer 'processing'), and its id is published on the cancel
-- channel, which tells its worker to stop. Either way the job ends with status 'cancelled' in the
-- cancelled list, with the finished-job TTL and a 'cancelled' event. The first write is a removal,
-- so a cancel still runs while Redis is at maxmemory.
-- KEYS[1] job hash key prefix
-- KEYS[2] pending list
-- KEYS[3] processing list
-- KEYS[4] delayed sorted set
-- KEYS[5] lease sorted set
-- KEYS[6] cancelled list
-- ARGV[1] job id
-- ARGV[2] now, epoch milliseconds
-- ARGV[3] finished-job TTL, seconds
-- ARGV[4] history size
-- ARGV[5] events channel
-- ARGV[6] cancel channel of the queue's workers
-- ARGV[7] the reason, stored in last_error
-- Returns: {outcome, status before}: outcome 1 when a pending or delayed job was cancelled, 2 when a
-- running job was, 0 when the job is already finished (status before: completed, failed or
-- cancelled), -1 when there is no such job
--- @include "includes/publish_event"
--- @include "includes/finished_ttl"
--- @include "includes/waiting"

local prefix, pending, processing, delayed, leases, cancelled = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6]
local id, now = ARGV[1], ARGV[2]
local key = prefix .. id
local status = redis.call('HGET', key, 'status')
if not status then
  if redis.call('EXISTS', key) == 0 then
    return { -1, '' }
  end
  status = 'pending'
end
if status == 'completed' or status == 'failed' or status == 'cancelled' then
  return { 0, status }
end
local outcome = 1
if status == 'processing' then
  redis.call('LREM', processing, 0, id)
  redis.call('ZREM', leases, id)
  outcome = 2
else
  -- pending or delayed; a claim that moved the id to processing and has not yet written its claim
  -- leaves it there with status pending: that entry goes too
  redis.call('LREM', pending, 0, id)
  -- a job of another priority level or of a group waits in its own list (see flow-control)
  remove_waiting(pending, key, id)
  redis.call('ZREM', delayed, id)
  redis.call('LREM', processing, 0, id)
end
redis.call('HSET', key, 'status', 'cancelled', 'cancelled_at_ms', now, 'last_error', ARGV[7], 'last_error_at_ms', now,
  'claim_token', '')
redis.call('LPUSH', cancelled, id)
redis.call('LTRIM', cancelled, 0, tonumber(ARGV[4]) - 1)
redis.call('EXPIRE', key, finished_ttl(key, tonumber(ARGV[3])))
if outcome == 2 and ARGV[6] ~= '' then
  redis.call('PUBLISH', ARGV[6], id)
end
publish_event(ARGV[5], id, 'cancelled')
return { outcome, status }
