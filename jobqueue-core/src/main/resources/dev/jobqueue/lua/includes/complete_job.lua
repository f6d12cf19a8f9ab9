--- @include "includes/held_claim"
--- @include "includes/publish_event"
--- @include "includes/count_minute"
--- @include "includes/finished_ttl"
--- @include "includes/remove_entry"
-- The reference's complete flow, if the caller still holds the claim: returns 1, or 0 and changes
-- nothing. The job's lease is removed. While Redis is over maxmemory (`full`, from redis_full()
-- before the script's first write) the completed hash is deleted at once instead of kept for the
-- finished-job TTL, so draining a backlog at the limit frees memory instead of adding results.
local function complete_job(prefix, processing, completed, leases, id, token, status, now, result, ttl, history,
    channel, full)
  local key = prefix .. id
  -- the token check's HMGET also reads the deduplication window the finished TTL needs
  local fields = held_claim(key, token, 'dedup_window_ms')
  if not fields then
    return 0
  end
  remove_entry(processing, id)
  redis.call('ZREM', leases, id)
  if full then
    redis.call('DEL', key)
  else
    redis.call('HSET', key, 'status', status, 'completed_at_ms', now, 'result', result)
    redis.call('EXPIRE', key, finished_ttl_of(fields[3], ttl))
  end
  redis.call('LPUSH', completed, id)
  redis.call('LTRIM', completed, 0, history - 1)
  publish_event(channel, id, 'completed')
  count_minute('completed', 1)
  return 1
end
