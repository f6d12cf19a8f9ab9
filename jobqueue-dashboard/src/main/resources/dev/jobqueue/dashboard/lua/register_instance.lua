-- Records one application instance's heartbeat for a queue and forgets instances whose heartbeat
-- expired, so the registry holds only live instances without any key per instance.
-- KEYS[1] instances sorted set (member: instance id, score: when its heartbeat expires, epoch ms)
-- KEYS[2] instance-info hash (field: instance id, value: its description as JSON)
-- ARGV[1] instance id
-- ARGV[2] now, epoch milliseconds
-- ARGV[3] when this heartbeat expires, epoch milliseconds
-- ARGV[4] the instance's description, JSON
-- ARGV[5] how long both keys live without any heartbeat, milliseconds
-- Returns: the number of expired instances removed

local instances, info = KEYS[1], KEYS[2]
local id, now, expires, description, ttl = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5]
local expired = redis.call('ZRANGEBYSCORE', instances, '-inf', now)
for i = 1, #expired do
  redis.call('HDEL', info, expired[i])
end
if #expired > 0 then
  redis.call('ZREMRANGEBYSCORE', instances, '-inf', now)
end
redis.call('ZADD', instances, expires, id)
redis.call('HSET', info, id, description)
redis.call('PEXPIRE', instances, ttl)
redis.call('PEXPIRE', info, ttl)
return #expired
