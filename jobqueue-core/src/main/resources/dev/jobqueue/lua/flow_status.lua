-- Reads a queue's flow state in one round trip: whether it is paused, the depth of each priority
-- level, and the groups with waiting jobs.
-- KEYS[1] pending list
-- KEYS[2] settings hash
-- ARGV[1..] the priority levels, highest first
-- Returns: { "1" when paused else "0", one depth per level (the normal level's is pending's alone),
--            number of groups with waiting jobs, number of jobs waiting in them (the first 1,000
--            groups of the rotation are counted) }
--- @include "includes/waiting"

local pending = KEYS[1]
local base = queue_base(pending)
local reply = { redis.call('HGET', KEYS[2], 'paused') == '1' and '1' or '0' }
for i = 1, #ARGV do
  reply[#reply + 1] = redis.call('LLEN', level_list(pending, ARGV[i]))
end
local groups, grouped = 0, 0
for _, group in ipairs(redis.call('LRANGE', base .. 'groups', 0, 999)) do
  if group ~= '' then
    local depth = redis.call('LLEN', base .. 'group-pending:' .. group)
    if depth > 0 then
      groups = groups + 1
      grouped = grouped + depth
    end
  end
end
reply[#reply + 1] = groups
reply[#reply + 1] = grouped
return reply
