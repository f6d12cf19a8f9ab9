--- @include "includes/num"
-- The TTL of a finished job's hash: the finished-job TTL, or longer when the job was enqueued with a
-- deduplication window (field dedup_window_ms, jobqueue only), so the hash keeps refusing its id for
-- that window after the job finished.
local function finished_ttl(key, ttl)
  local window = num(redis.call('HGET', key, 'dedup_window_ms'))
  if window > 0 then
    return math.max(ttl, math.ceil(window / 1000))
  end
  return ttl
end
