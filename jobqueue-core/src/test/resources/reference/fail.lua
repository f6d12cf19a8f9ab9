-- The reference helper's fail flow (paraphrase). KEYS: metaPrefix, processing, pending, failed.
-- ARGV: id, token, error, now_ms, ttl, history, retry "1"/"0".
local key = KEYS[1] .. ARGV[1]
if redis.call('HGET', key, 'claim_token') ~= ARGV[2] then
  return 0
end
redis.call('LREM', KEYS[2], 1, ARGV[1])
if ARGV[7] == '1' then
  redis.call('HSET', key, 'status', 'pending', 'last_error', ARGV[3], 'last_error_at_ms', ARGV[4],
    'claim_token', '', 'claimed_at_ms', 0)
  redis.call('LPUSH', KEYS[3], ARGV[1])
  return 1
end
redis.call('HSET', key, 'status', 'failed', 'last_error', ARGV[3], 'last_error_at_ms', ARGV[4], 'claim_token', '')
redis.call('LPUSH', KEYS[4], ARGV[1])
redis.call('LTRIM', KEYS[4], 0, tonumber(ARGV[6]) - 1)
redis.call('EXPIRE', key, tonumber(ARGV[5]))
return 2
