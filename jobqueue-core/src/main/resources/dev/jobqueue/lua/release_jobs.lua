-- Hands claimed jobs back to pending without failing them, for a worker that shuts down before they
-- finish: token-checked like complete, so a job already reclaimed or finished is left alone. The id
-- goes to the oldest (right) end of pending so it runs next, and the attempt it used is given back,
-- since the job did not fail. The writes are the reference's reclaim writes, so every reader and
-- every sweep sees an ordinary pending job; the job's lease is removed.
-- KEYS[1] job hash key prefix
-- KEYS[2] processing list
-- KEYS[3] pending list
-- KEYS[4] lease sorted set
-- ARGV[1], ARGV[2] id and claim token of the first job; then the next pair, and so on
-- Returns: an array with, per job, 1 when released and 0 when the claim is no longer held
--- @include "includes/held_claim"
--- @include "includes/num"
--- @include "includes/waiting"
--- @include "includes/remove_entry"

local prefix, processing, pending, leases = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local released = {}
for i = 1, #ARGV, 2 do
  local id, token = ARGV[i], ARGV[i + 1]
  local key = prefix .. id
  local fields = held_claim(key, token, 'attempts')
  if fields then
    remove_entry(processing, id)
    redis.call('ZREM', leases, id)
    local attempts = math.max(attempts_of(fields[3]) - 1, 0)
    redis.call('HSET', key, 'status', 'pending', 'claim_token', '', 'claimed_at_ms', '0', 'attempts', attempts)
    requeue(pending, key, id, true)
    released[#released + 1] = 1
  else
    released[#released + 1] = 0
  end
end
return released
