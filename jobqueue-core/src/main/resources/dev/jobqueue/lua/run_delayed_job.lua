-- Runs a delayed job now (an operator's action): takes it from the delayed set and pushes it to the
-- left of pending, as its promotion would.
-- KEYS[1] delayed sorted set
-- KEYS[2] pending list
-- KEYS[3] job hash key prefix
-- ARGV[1] job id
-- Returns: 1 when the job moved to pending, 0 when it was not delayed or its hash is gone (the
-- promoter then fails it at its due time)
--- @include "includes/waiting"

local delayed, pending, prefix, id = KEYS[1], KEYS[2], KEYS[3], ARGV[1]
if redis.call('EXISTS', prefix .. id) == 0 or redis.call('ZREM', delayed, id) == 0 then
  return 0
end
redis.call('HSET', prefix .. id, 'status', 'pending')
requeue(pending, prefix .. id, id, false)
return 1
