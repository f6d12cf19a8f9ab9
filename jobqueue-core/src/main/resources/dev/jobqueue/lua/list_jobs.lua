-- Reads a range of one of a queue's lists together with each job's hash, in one round trip and
-- without changing anything: what an operator's view of a queue needs, whatever the number of jobs.
-- KEYS[1] the list (pending, processing, completed or failed) or the delayed sorted set
-- KEYS[2] job hash key prefix
-- ARGV[1] first index, as LRANGE and ZRANGE take it
-- ARGV[2] last index, as LRANGE and ZRANGE take it
-- ARGV[3] "zset" when KEYS[1] is the delayed sorted set (earliest due first), else "list"
-- Returns: a flat array, two entries per id in list order: the id, then its hash as HGETALL returns
-- it (empty once the hash expired)

local ids
if ARGV[3] == 'zset' then
  ids = redis.call('ZRANGE', KEYS[1], ARGV[1], ARGV[2])
else
  ids = redis.call('LRANGE', KEYS[1], ARGV[1], ARGV[2])
end
local jobs = {}
for i = 1, #ids do
  jobs[#jobs + 1] = ids[i]
  jobs[#jobs + 1] = redis.call('HGETALL', KEYS[2] .. ids[i])
end
return jobs
