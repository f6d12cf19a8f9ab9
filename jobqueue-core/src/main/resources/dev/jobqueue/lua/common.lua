-- Shared helpers. JobQueueScripts prepends this file to every other script, so each flow below
-- writes the reference data model through the same few functions.
--
-- Numbers read from a job hash go through num(): tonumber() of an empty or foreign string is nil,
-- and one nil in a comparison would abort the whole script (reference edge case 9.4).

local function num(value)
  local n = tonumber(value)
  if n == nil then
    return 0
  end
  return n
end

-- Events use the reference's compact JSON, keys in this order: {"id":"<id>","status":"<status>"}.
local function publish_event(channel, id, status)
  if channel ~= '' then
    redis.call('PUBLISH', channel, '{"id":' .. cjson.encode(id) .. ',"status":"' .. status .. '"}')
  end
end

-- A job that will not run again: same writes and order as the reference's final fail.
local function fail_for_good(key, failed_list, id, err, now, ttl, history, channel)
  redis.call('HSET', key, 'status', 'failed', 'last_error', err, 'last_error_at_ms', now, 'claim_token', '')
  redis.call('LPUSH', failed_list, id)
  redis.call('LTRIM', failed_list, 0, history - 1)
  redis.call('EXPIRE', key, ttl)
  publish_event(channel, id, 'failed')
end


-- A job that was not started by its expires_at_ms (a field only jobs enqueued with an expiry have).
local function is_expired(expires_at, now)
  local at = num(expires_at)
  return at > 0 and at < tonumber(now)
end

local function expired_error(expires_at)
  return 'expired: not started by ' .. expires_at .. ' (expires_at_ms); not run'
end

-- Puts a job in the delayed sorted set, due at run_at, and wakes the promoters waiting on the wake
-- channel when it is now the soonest job (they sleep until the soonest due time they know of).
local function delay_job(delayed, id, run_at, wake)
  local soonest = redis.call('ZRANGE', delayed, 0, 0, 'WITHSCORES')
  redis.call('ZADD', delayed, run_at, id)
  if wake ~= '' and (soonest[2] == nil or tonumber(soonest[2]) > tonumber(run_at)) then
    redis.call('PUBLISH', wake, run_at)
  end
end

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

-- Moves the oldest pending ids (RIGHT of pending to LEFT of processing) and claims each with the
-- next token of ARGV from index `first`; stops early when pending is empty.
local function claim_pending(pending, processing, prefix, failed, first, now, ttl, history, channel, claimed)
  for i = first, #ARGV do
    local id = redis.call('LMOVE', pending, processing, 'RIGHT', 'LEFT')
    if not id then
      return
    end
    claim_job(prefix, processing, failed, id, ARGV[i], now, ttl, history, channel, claimed)
  end
end

-- The reference's complete flow, if the caller still holds the claim: returns 1, or 0 and changes
-- nothing. Stricter than the reference: an empty token never matches (edge case 9.1) and a job that
-- is no longer processing cannot be completed again with the same token (edge case 9.2).
local function complete_job(prefix, processing, completed, id, token, status, now, result, ttl, history, channel)
  if token == '' then
    return 0
  end
  local key = prefix .. id
  local fields = redis.call('HMGET', key, 'claim_token', 'status')
  if fields[1] ~= token or fields[2] ~= 'processing' then
    return 0
  end
  redis.call('LREM', processing, 1, id)
  redis.call('HSET', key, 'status', status, 'completed_at_ms', now, 'result', result)
  redis.call('EXPIRE', key, ttl)
  redis.call('LPUSH', completed, id)
  redis.call('LTRIM', completed, 0, history - 1)
  publish_event(channel, id, 'completed')
  return 1
end
