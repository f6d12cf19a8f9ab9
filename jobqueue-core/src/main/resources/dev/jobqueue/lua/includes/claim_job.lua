--- @include "includes/num"
--- @include "includes/clock"
--- @include "includes/is_utf8"
--- @include "includes/fail_for_good"
--- @include "includes/drop_duplicate"
--- @include "includes/expiry"
-- The claim context of claim_job(): the keys and arguments every claim needs.
local function claim_context(prefix, processing, failed, leases, now, lease_ms, ttl, history, channel)
  return { prefix = prefix, processing = processing, failed = failed, leases = leases, now = now,
    lease_ms = math.min(tonumber(lease_ms), MAX_LEASE_MS), ttl = ttl, history = history, channel = channel }
end

-- The reference's claim writes on an id already moved to processing (status, claimed_at_ms, fresh
-- claim_token, attempts + 1), appending id, token, attempts, payload, enqueued_at_ms and timeout_ms
-- ('' for none) and traceparent ('' for none) to `claimed`,
-- plus the claimant's lease deadline in the queue's lease sorted set (not in the hash, which stays
-- the reference's). One HMGET reads what the claim needs; EXISTS runs only when none of it is
-- there. Unlike the reference:
--  * an id whose hash is gone is failed with a clear last_error instead of being handed out with
--    an empty payload (reference edge case 9.5);
--  * an entry of a job that is not pending (processing, completed, failed) is a duplicate and is
--    dropped, never claimed, so a job runs once per time it is pending;
--  * an id that is not valid UTF-8 is failed for good, as no Java worker could address it;
--  * a job past its expires_at_ms (a field only jobs enqueued with an expiry have) is failed as
--    expired and never runs.
-- c is a claim_context().
local function claim_job(c, id, token, claimed)
  local key = c.prefix .. id
  if not is_utf8(id) then
    redis.call('LREM', c.processing, 1, id)
    fail_for_good(key, c.failed, id, not_utf8_error(id), c.now, c.ttl, c.history, c.channel)
    return
  end
  local fields = redis.call('HMGET', key, 'attempts', 'payload', 'enqueued_at_ms', 'status', 'expires_at_ms',
    'timeout_ms', 'traceparent')
  if not fields[1] and not fields[2] and not fields[3] and not fields[4] and redis.call('EXISTS', key) == 0 then
    redis.call('LREM', c.processing, 1, id)
    redis.call('HSET', key, 'id', id)
    fail_for_good(key, c.failed, id, 'job hash missing: no metadata for this id (expired or deleted); not run',
      c.now, c.ttl, c.history, c.channel)
    return
  end
  if fields[4] and fields[4] ~= 'pending' then
    drop_duplicate(c.processing, id, fields[4], c.channel)
    return
  end
  if fields[5] and is_expired(fields[5], c.now) then
    redis.call('LREM', c.processing, 1, id)
    fail_for_good(key, c.failed, id, expired_error(fields[5]), c.now, c.ttl, c.history, c.channel)
    return
  end
  local attempts = attempts_of(fields[1]) + 1
  -- the first write of a blocking claim: a removal, so the claim still runs at maxmemory (a claim
  -- from pending has written already: its RPOP, see claim_pending, and the ZADD below updates an
  -- existing member, so it skips this command)
  if not c.wrote then
    redis.call('ZREM', c.leases, id)
  end
  redis.call('HSET', key, 'status', 'processing', 'claimed_at_ms', c.now, 'claim_token', token, 'attempts', attempts)
  redis.call('ZADD', c.leases, tonumber(c.now) + c.lease_ms, id)
  claimed[#claimed + 1] = id
  claimed[#claimed + 1] = token
  claimed[#claimed + 1] = attempts
  claimed[#claimed + 1] = fields[2] or ''
  claimed[#claimed + 1] = fields[3] or ''
  claimed[#claimed + 1] = fields[6] or ''
  claimed[#claimed + 1] = fields[7] or ''
end
