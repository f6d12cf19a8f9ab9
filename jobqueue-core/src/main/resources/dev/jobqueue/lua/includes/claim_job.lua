--- @include "includes/num"
--- @include "includes/fail_for_good"
--- @include "includes/expiry"
-- The reference's claim writes on an id already moved to processing (status, claimed_at_ms, fresh
-- claim_token, attempts + 1), appending id, token, attempts, payload, enqueued_at_ms and timeout_ms
-- ('' for none) to `claimed`. One HMGET reads what the claim needs; EXISTS runs only when none of it
-- is there. Unlike the reference, an id whose hash is gone is failed with a clear last_error instead
-- of being handed out with an empty payload (reference edge case 9.5), and so is a job past its
-- expiry.
local function claim_job(prefix, processing, failed, id, token, now, ttl, history, channel, claimed)
  local key = prefix .. id
  local fields = redis.call('HMGET', key, 'attempts', 'payload', 'enqueued_at_ms', 'expires_at_ms', 'timeout_ms')
  if not fields[1] and not fields[2] and not fields[3] and redis.call('EXISTS', key) == 0 then
    redis.call('LREM', processing, 1, id)
    redis.call('HSET', key, 'id', id)
    fail_for_good(key, failed, id, 'job hash missing: no metadata for this id (expired or deleted); not run',
      now, ttl, history, channel)
    return
  end
  if fields[4] and is_expired(fields[4], now) then
    redis.call('LREM', processing, 1, id)
    fail_for_good(key, failed, id, expired_error(fields[4]), now, ttl, history, channel)
    return
  end
  local attempts = math.floor(num(fields[1])) + 1
  redis.call('HSET', key, 'status', 'processing', 'claimed_at_ms', now, 'claim_token', token, 'attempts', attempts)
  claimed[#claimed + 1] = id
  claimed[#claimed + 1] = token
  claimed[#claimed + 1] = attempts
  claimed[#claimed + 1] = fields[2] or ''
  claimed[#claimed + 1] = fields[3] or ''
  claimed[#claimed + 1] = fields[5] or ''
end
