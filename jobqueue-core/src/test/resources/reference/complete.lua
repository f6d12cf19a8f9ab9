-- The reference helper's complete flow, written from reference-behaviour.md section 3 (a paraphrase,
-- used only to prove interoperability). KEYS: metaPrefix, processing, completed.
-- ARGV: id, token, "completed", now_ms, result JSON, ttl, history.
local key = KEYS[1] .. ARGV[1]
if redis.call('HGET', key, 'claim_token') ~= ARGV[2] then
  return 0
end
redis.call('LREM', KEYS[2], 1, ARGV[1])
redis.call('HSET', key, 'status', ARGV[3], 'completed_at_ms', ARGV[4], 'result', ARGV[5])
redis.call('EXPIRE', key, tonumber(ARGV[6]))
redis.call('LPUSH', KEYS[3], ARGV[1])
redis.call('LTRIM', KEYS[3], 0, tonumber(ARGV[7]) - 1)
return 1
