-- Extends the claims of jobs that are still running, for each job whose token still matches and
-- which is still processing: its lease deadline becomes now + the claimant's visibility timeout
-- (the old deadline is removed first, a removal, so extensions go on while Redis is at maxmemory),
-- and claimed_at_ms = now, so a reference helper's sweep does not take it either.
-- KEYS[1] job hash key prefix
-- KEYS[2] lease sorted set
-- ARGV[1] now, epoch milliseconds
-- ARGV[2] lease, milliseconds (the claimant's visibility timeout)
-- ARGV[3], ARGV[4] id and claim token of the first job; then the next pair, and so on
-- Returns: an array with, per job, 1 when extended and 0 when the claim is no longer held
--- @include "includes/held_claim"
--- @include "includes/clock"

local prefix, leases, now = KEYS[1], KEYS[2], ARGV[1]
local deadline = tonumber(now) + math.min(tonumber(ARGV[2]), MAX_LEASE_MS)
local extended = {}
for i = 3, #ARGV, 2 do
  local id = ARGV[i]
  local key = prefix .. id
  if held_claim(key, ARGV[i + 1]) then
    redis.call('ZREM', leases, id)
    redis.call('ZADD', leases, deadline, id)
    redis.call('HSET', key, 'claimed_at_ms', now)
    extended[#extended + 1] = 1
  else
    extended[#extended + 1] = 0
  end
end
return extended
