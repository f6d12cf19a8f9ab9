--- @include "includes/num"
-- The TTL of a finished job's hash from its dedup_window_ms field as already read (nil when the
-- hash has none): the finished-job TTL, or longer when the job was enqueued with a deduplication
-- window (jobqueue only), so the hash keeps refusing its id for that window after the job finished.
local function finished_ttl_of(dedup_window_ms, ttl)
  local window = num(dedup_window_ms)
  if window > 0 then
    return math.max(ttl, math.ceil(window / 1000))
  end
  return ttl
end

-- finished_ttl_of() reading the field from the hash.
local function finished_ttl(key, ttl)
  return finished_ttl_of(redis.call('HGET', key, 'dedup_window_ms'), ttl)
end
