-- Fails a claimed job, as the reference's fail flow: back to the newest end of pending while
-- attempts < max attempts, otherwise to the failed list for good. The retry decision uses the
-- attempts stored in the hash, which is the value the reference client compares. The job's lease
-- is removed. A retry with a delay (backoff) waits in the delayed set instead, with status 'delayed'
-- and run_at_ms.
-- KEYS[1] job hash key prefix
-- KEYS[2] processing list
-- KEYS[3] pending list
-- KEYS[4] failed list
-- KEYS[5] lease sorted set
-- KEYS[6] delayed sorted set
-- KEYS[7] this minute's counters hash, only when per-minute counters are on
-- ARGV[1] job id
-- ARGV[2] claim token
-- ARGV[3] error text
-- ARGV[4] now, epoch milliseconds
-- ARGV[5] finished-job TTL, seconds
-- ARGV[6] history size
-- ARGV[7] "1" when the failure may be retried, "0" to fail for good at once
-- ARGV[8] max attempts
-- ARGV[9] events channel
-- ARGV[10] retry delay, milliseconds; "0" retries at once as the reference does
-- ARGV[11] wake channel of the queue's promoters
-- Returns: 1 when retried, 2 when failed for good, 0 when the caller does not hold the claim
--- @include "includes/count_minute"
--- @include "includes/held_claim"
--- @include "includes/num"
--- @include "includes/publish_event"
--- @include "includes/fail_for_good"
--- @include "includes/delay_job"
--- @include "includes/waiting"
--- @include "includes/remove_entry"

local prefix, processing, pending, failed, leases = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5]
local id, token, err, now = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
local key = prefix .. id
minute_counts_key = KEYS[7]
local fields = held_claim(key, token, 'attempts')
if not fields then
  return 0
end
remove_entry(processing, id)
redis.call('ZREM', leases, id)
if ARGV[7] == '1' and attempts_of(fields[3]) < tonumber(ARGV[8]) then
  local delay = tonumber(ARGV[10])
  if delay > 0 then
    local run_at = tonumber(now) + delay
    redis.call('HSET', key, 'status', 'delayed', 'last_error', err, 'last_error_at_ms', now, 'claim_token', '',
      'claimed_at_ms', '0', 'run_at_ms', run_at)
    delay_job(KEYS[6], id, run_at, ARGV[11])
  else
    redis.call('HSET', key, 'status', 'pending', 'last_error', err, 'last_error_at_ms', now, 'claim_token', '',
      'claimed_at_ms', '0')
    requeue(pending, key, id, false)
  end
  publish_event(ARGV[9], id, 'retry')
  count_minute('retried', 1)
  return 1
end
fail_for_good(key, failed, id, err, now, tonumber(ARGV[5]), tonumber(ARGV[6]), ARGV[9])
return 2
