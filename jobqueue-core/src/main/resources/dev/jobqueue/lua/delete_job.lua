-- Deletes one job: its hash and its id in every list. A worker still running it can then neither
-- complete nor fail it, because the token check finds no hash.
-- KEYS[1] job hash key prefix
-- KEYS[2..5] pending, processing, completed and failed lists
-- KEYS[6] lease sorted set
-- KEYS[7] delayed sorted set
-- KEYS[8] cancelled list
-- ARGV[1] job id
-- Returns: 1 when a hash or a list entry was removed, 0 when the job did not exist
--- @include "includes/waiting"

local prefix, id = KEYS[1], ARGV[1]
-- a job of another priority level or of a group waits in its own list, named in its hash
local removed = remove_waiting(KEYS[2], prefix .. id, id)
removed = removed + redis.call('DEL', prefix .. id)
for i = 2, 5 do
  removed = removed + redis.call('LREM', KEYS[i], 0, id)
end
redis.call('ZREM', KEYS[6], id)
removed = removed + redis.call('ZREM', KEYS[7], id)
if KEYS[8] then
  removed = removed + redis.call('LREM', KEYS[8], 0, id)
end
if removed > 0 then
  return 1
end
return 0
