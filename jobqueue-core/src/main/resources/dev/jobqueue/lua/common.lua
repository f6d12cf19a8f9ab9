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

