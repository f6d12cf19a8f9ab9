--- @include "includes/publish_event"
--- @include "includes/count_minute"
--- @include "includes/finished_ttl"
-- A job that will not run again: same writes and order as the reference's final fail.
local function fail_for_good(key, failed_list, id, err, now, ttl, history, channel)
  redis.call('HSET', key, 'status', 'failed', 'last_error', err, 'last_error_at_ms', now, 'claim_token', '')
  redis.call('LPUSH', failed_list, id)
  redis.call('LTRIM', failed_list, 0, history - 1)
  redis.call('EXPIRE', key, finished_ttl(key, ttl))
  publish_event(channel, id, 'failed')
  count_minute('failed', 1)
end
