-- Sends up to N jobs that failed for good back to pending, oldest failure first, as the operator's
-- retry of each (retry_job.lua). Ids whose hash is gone or no longer failed are dropped from the
-- failed list. Bounded by N, so retrying a long list is a loop of short scripts, never one that
-- blocks Redis.
-- KEYS[1] job hash key prefix
-- KEYS[2] failed list
-- KEYS[3] pending list
-- ARGV[1] N, the most ids to take from the failed list
-- Returns: { jobs sent back to pending, ids left in the failed list }
--- @include "includes/retry_failed_job"

local prefix, failed, pending = KEYS[1], KEYS[2], KEYS[3]
local retried = 0
for _ = 1, tonumber(ARGV[1]) do
  local id = redis.call('RPOP', failed)
  if not id then
    break
  end
  local key = prefix .. id
  if redis.call('HGET', key, 'status') == 'failed' then
    retry_failed_job(key, pending, id)
    retried = retried + 1
  end
end
return { retried, redis.call('LLEN', failed) }
