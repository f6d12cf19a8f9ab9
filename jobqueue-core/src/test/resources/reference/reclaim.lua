-- The reference helper's reclaim sweep (paraphrase). KEYS: pending, processing, metaPrefix.
-- ARGV: now_ms, visibility_ms.
local now, visibility = tonumber(ARGV[1]), tonumber(ARGV[2])
local reclaimed = {}
for _, id in ipairs(redis.call('LRANGE', KEYS[2], 0, -1)) do
  local key = KEYS[3] .. id
  local claimed_at = tonumber(redis.call('HGET', key, 'claimed_at_ms') or '0')
  local enqueued_at = tonumber(redis.call('HGET', key, 'enqueued_at_ms') or '0')
  local stale = false
  if claimed_at > 0 and now - claimed_at > visibility then
    stale = true
  elseif claimed_at == 0 and enqueued_at > 0 and now - enqueued_at > 2 * visibility then
    stale = true
  end
  if stale then
    redis.call('LREM', KEYS[2], 1, id)
    redis.call('LPUSH', KEYS[1], id)
    redis.call('HSET', key, 'status', 'pending', 'reclaimed_at_ms', now, 'claim_token', '', 'claimed_at_ms', 0)
    reclaimed[#reclaimed + 1] = id
  end
end
return reclaimed
