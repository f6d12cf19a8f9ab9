-- Puts a job in the delayed sorted set, due at run_at, and wakes the promoters waiting on the wake
-- channel when it is now the soonest job (they sleep until the soonest due time they know of).
local function delay_job(delayed, id, run_at, wake)
  local soonest = redis.call('ZRANGE', delayed, 0, 0, 'WITHSCORES')
  redis.call('ZADD', delayed, run_at, id)
  if wake ~= '' and (soonest[2] == nil or tonumber(soonest[2]) > tonumber(run_at)) then
    redis.call('PUBLISH', wake, run_at)
  end
end
