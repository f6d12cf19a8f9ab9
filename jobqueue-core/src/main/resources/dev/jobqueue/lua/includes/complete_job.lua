--- @include "includes/held_claim"
--- @include "includes/publish_event"
--- @include "includes/count_minute"
-- The reference's complete flow, if the caller still holds the claim: returns 1, or 0 and changes
-- nothing.
local function complete_job(prefix, processing, completed, id, token, status, now, result, ttl, history, channel)
  local key = prefix .. id
  if not held_claim(key, token) then
    return 0
  end
  redis.call('LREM', processing, 1, id)
  redis.call('HSET', key, 'status', status, 'completed_at_ms', now, 'result', result)
  redis.call('EXPIRE', key, ttl)
  redis.call('LPUSH', completed, id)
  redis.call('LTRIM', completed, 0, history - 1)
  publish_event(channel, id, 'completed')
  count_minute('completed', 1)
  return 1
end
