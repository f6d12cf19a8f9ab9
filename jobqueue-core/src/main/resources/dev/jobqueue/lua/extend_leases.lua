-- Extends the claims of jobs that are still running: claimed_at_ms = now for each job whose token
-- still matches and which is still processing, so no sweep (ours or a reference helper's) takes it.
-- KEYS[1] job hash key prefix
-- ARGV[1] now, epoch milliseconds
-- ARGV[2], ARGV[3] id and claim token of the first job; then the next pair, and so on
-- Returns: an array with, per job, 1 when extended and 0 when the claim is no longer held
--- @include "includes/held_claim"

local prefix, now = KEYS[1], ARGV[1]
local extended = {}
for i = 2, #ARGV, 2 do
  local key = prefix .. ARGV[i]
  if held_claim(key, ARGV[i + 1]) then
    redis.call('HSET', key, 'claimed_at_ms', now)
    extended[#extended + 1] = 1
  else
    extended[#extended + 1] = 0
  end
end
return extended
