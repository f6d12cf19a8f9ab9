-- Shared helpers. JobQueueScripts prepends this file to every other script, so each flow below
-- writes the reference data model through the same few functions.
--
-- Numbers read from a job hash go through num(): tonumber() of an empty or foreign string is nil,
-- and one nil in a comparison would abort the whole script (reference edge case 9.4). tonumber()
-- also accepts 'nan', 'inf' and '1e400', which no writer produces and which break every comparison
-- (NaN is never >= anything), so they read as 0 too.

-- How far ahead of the sweeping instance's clock another instance's timestamp may be and still be
-- believed. Every timestamp is the writing client's clock (as in the reference), so instances are
-- expected to run NTP; a claimed_at_ms further ahead than this is treated as unusable (see
-- reclaim_stuck_jobs.lua), and so is a lease deadline further ahead than MAX_LEASE_MS plus this.
local CLOCK_SKEW_MS = 60000

-- The longest lease a claim records (7 days); a longer visibility timeout is cut to it.
local MAX_LEASE_MS = 604800000

local function num(value)
  local n = tonumber(value)
  if n == nil or n ~= n or n == math.huge or n == -math.huge then
    return 0
  end
  return n
end

-- A stored attempts counter: a whole number from 0 to 2^31 - 1, anything else reads as 0, and the
-- next claim writes a clean integer back.
local function attempts_of(value)
  local n = num(value)
  if n < 0 or n >= 2147483648 then
    return 0
  end
  return math.floor(n)
end

-- A stored timestamp: 0 (unusable) when it is not a finite number or lies further ahead of now
-- than the clock-skew tolerance.
local function time_of(value, now)
  local t = num(value)
  if t > now + CLOCK_SKEW_MS then
    return 0
  end
  return t
end

-- Whether a string is valid UTF-8. Ids are bytes in Redis, but a Java worker holds them as
-- Strings, so an id that is not UTF-8 could never be completed, failed or extended by its claimant.
local function is_utf8(s)
  if not string.find(s, '[\128-\255]') then
    return true
  end
  local i, n = 1, #s
  while i <= n do
    local c = string.byte(s, i)
    local len
    if c < 128 then
      len = 1
    elseif c >= 194 and c <= 223 then
      len = 2
    elseif c >= 224 and c <= 239 then
      len = 3
    elseif c >= 240 and c <= 244 then
      len = 4
    else
      return false
    end
    if i + len - 1 > n then
      return false
    end
    for j = i + 1, i + len - 1 do
      local cc = string.byte(s, j)
      if cc < 128 or cc > 191 then
        return false
      end
    end
    local c2 = string.byte(s, i + 1) or 0
    if (c == 224 and c2 < 160) or (c == 237 and c2 > 159) or (c == 240 and c2 < 144) or (c == 244 and c2 > 143) then
      return false
    end
    i = i + len
  end
  return true
end

local function not_utf8_error(id)
  local hex = string.gsub(id, '.', function(c)
    return string.format(' %02x', string.byte(c))
  end)
  return 'job id is not valid UTF-8 (bytes' .. hex .. '): a jobqueue worker cannot address it; not run'
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


-- Whether Redis is over its maxmemory. Must run before the script's first write: while Redis is
-- over the limit, a script's first write command that may grow memory is refused with OOM, and
-- every later one is allowed. LPUSHX on a job hash key writes nothing either way (WRONGTYPE when
-- the hash exists, a no-op when it does not), so it only probes.
local function redis_full(probe_key)
  local reply = redis.pcall('LPUSHX', probe_key, '')
  return type(reply) == 'table' and reply.err ~= nil and string.sub(reply.err, 1, 3) == 'OOM'
end

-- A lease deadline recorded by a claim, or nil when there is none or it cannot be believed: not a
-- finite number, further ahead of now than the longest lease plus the clock-skew tolerance, or not
-- later than the job's claimed_at_ms (then it belongs to an earlier claim than the current one).
local function lease_of(leases, id, claimed_at, now)
  local deadline = num(redis.call('ZSCORE', leases, id))
  if deadline <= 0 or deadline > now + MAX_LEASE_MS + CLOCK_SKEW_MS or deadline <= claimed_at then
    return nil
  end
  return deadline
end

-- Drops an extra list entry of a job that is not pending (another client pushed its id again, or a
-- command was replayed): the job's own state is left alone, so a finished job never runs again.
local function drop_duplicate(list, id, status, channel)
  redis.call('LREM', list, 1, id)
  redis.log(redis.LOG_WARNING, 'jobqueue: dropped an extra entry of job ' .. id .. ' from ' .. list
    .. ': the job is ' .. status .. ', not pending')
  publish_event(channel, id, 'dropped')
end

-- The reference's claim writes on an id already moved to processing (status, claimed_at_ms, fresh
-- claim_token, attempts + 1), appending id, token, attempts, payload, enqueued_at_ms to `claimed`,
-- plus the claimant's lease deadline in the queue's lease sorted set (not in the hash, which stays
-- the reference's). One HMGET reads what the claim needs; EXISTS runs only when none of it is
-- there. Unlike the reference:
--  * an id whose hash is gone is failed with a clear last_error instead of being handed out with
--    an empty payload (reference edge case 9.5);
--  * an entry of a job that is not pending (processing, completed, failed) is a duplicate and is
--    dropped, never claimed, so a job runs once per time it is pending;
--  * an id that is not valid UTF-8 is failed for good, as no Java worker could address it.
-- c holds prefix, processing, failed, leases, now, lease_ms, ttl, history and channel.
local function claim_job(c, id, token, claimed)
  local key = c.prefix .. id
  if not is_utf8(id) then
    redis.call('LREM', c.processing, 1, id)
    fail_for_good(key, c.failed, id, not_utf8_error(id), c.now, c.ttl, c.history, c.channel)
    return
  end
  local fields = redis.call('HMGET', key, 'attempts', 'payload', 'enqueued_at_ms', 'status')
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
  local attempts = attempts_of(fields[1]) + 1
  -- first write of a blocking claim: a removal, so the claim still runs while Redis is at maxmemory
  redis.call('ZREM', c.leases, id)
  redis.call('HSET', key, 'status', 'processing', 'claimed_at_ms', c.now, 'claim_token', token, 'attempts', attempts)
  redis.call('ZADD', c.leases, tonumber(c.now) + c.lease_ms, id)
  claimed[#claimed + 1] = id
  claimed[#claimed + 1] = token
  claimed[#claimed + 1] = attempts
  claimed[#claimed + 1] = fields[2] or ''
  claimed[#claimed + 1] = fields[3] or ''
end

-- Moves the oldest pending ids (RIGHT of pending to LEFT of processing, as RPOP then LPUSH rather
-- than LMOVE so the script's first write is a removal and claims go on at maxmemory) and claims
-- each with the next token of ARGV from index `first`; stops early when pending is empty.
local function claim_pending(c, pending, first, claimed)
  for i = first, #ARGV do
    local id = redis.call('RPOP', pending)
    if not id then
      return
    end
    redis.call('LPUSH', c.processing, id)
    claim_job(c, id, ARGV[i], claimed)
  end
end

-- The claim context of claim_job(): keys and arguments every claim needs.
local function claim_context(prefix, processing, failed, leases, now, lease_ms, ttl, history, channel)
  return { prefix = prefix, processing = processing, failed = failed, leases = leases, now = now,
    lease_ms = math.min(tonumber(lease_ms), MAX_LEASE_MS), ttl = ttl, history = history, channel = channel }
end

-- The reference's complete flow, if the caller still holds the claim: returns 1, or 0 and changes
-- nothing. Stricter than the reference: an empty token never matches (edge case 9.1) and a job that
-- is no longer processing cannot be completed again with the same token (edge case 9.2). The job's
-- lease is removed. While Redis is over maxmemory (`full`, from redis_full() before the script's
-- first write) the completed hash is deleted at once instead of kept for the finished-job TTL, so
-- draining a backlog at the limit frees memory instead of adding results to it.
local function complete_job(prefix, processing, completed, leases, id, token, status, now, result, ttl, history,
    channel, full)
  if token == '' then
    return 0
  end
  local key = prefix .. id
  local fields = redis.call('HMGET', key, 'claim_token', 'status')
  if fields[1] ~= token or fields[2] ~= 'processing' then
    return 0
  end
  redis.call('LREM', processing, 1, id)
  redis.call('ZREM', leases, id)
  if full then
    redis.call('DEL', key)
  else
    redis.call('HSET', key, 'status', status, 'completed_at_ms', now, 'result', result)
    redis.call('EXPIRE', key, ttl)
  end
  redis.call('LPUSH', completed, id)
  redis.call('LTRIM', completed, 0, history - 1)
  publish_event(channel, id, 'completed')
  return 1
end
