-- Sends a job that failed for good back to pending for a fresh set of attempts (an operator's
-- retry). Only a job whose status is failed moves; its hash loses the finished-job TTL again, as
-- pending hashes never expire in the reference.
-- KEYS[1] job hash key prefix
-- KEYS[2] failed list
-- KEYS[3] pending list
-- ARGV[1] job id
-- Returns: 1 when the job went back to pending, 0 when it is missing or not failed
--- @include "includes/retry_failed_job"

local prefix, failed, pending, id = KEYS[1], KEYS[2], KEYS[3], ARGV[1]
local key = prefix .. id
if redis.call('HGET', key, 'status') ~= 'failed' then
  return 0
end
redis.call('LREM', failed, 0, id)
retry_failed_job(key, pending, id)
return 1
