--- @include "includes/waiting"
-- An operator's retry of a job that failed for good: a fresh set of attempts at the newest end of
-- pending, its hash no longer expiring (pending hashes never expire in the reference). The caller
-- has taken the id out of the failed list.
local function retry_failed_job(key, pending, id)
  redis.call('PERSIST', key)
  redis.call('HSET', key, 'status', 'pending', 'attempts', '0', 'claim_token', '', 'claimed_at_ms', '0')
  requeue(pending, key, id, false)
end
