-- Claims up to N pending jobs in one atomic step: the reference's move RIGHT of pending to LEFT of
-- processing, then its claim writes (status, claimed_at_ms, fresh claim_token, attempts + 1).
-- Unlike the reference, an id whose hash is gone is failed with a clear last_error instead of being
-- handed out with an empty payload (reference edge case 9.5).
-- KEYS[1] pending list
-- KEYS[2] processing list
-- KEYS[3] job hash key prefix
-- KEYS[4] failed list
-- KEYS[5] this minute's counters hash, only when per-minute counters are on
-- ARGV[1] now, epoch milliseconds
-- ARGV[2] id already moved to processing by BLMOVE, or "" to take ids from pending
-- ARGV[3] finished-job TTL, seconds
-- ARGV[4] history size
-- ARGV[5] events channel
-- ARGV[6..] one fresh claim token per job to claim; their count is N
-- Returns: a flat array, five entries per claimed job: id, token, attempts, payload, enqueued_at_ms
--- @include "includes/count_minute"
--- @include "includes/claim_job"
--- @include "includes/claim_pending"

local pending, processing, prefix, failed = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local now, moved, ttl, history, channel = ARGV[1], ARGV[2], tonumber(ARGV[3]), tonumber(ARGV[4]), ARGV[5]
local claimed = {}
minute_counts_key = KEYS[5]

local first = 6
if moved ~= '' then
  -- BLMOVE put it there; a sweep may have returned it to pending since, and then it is not ours.
  if redis.call('LPOS', processing, moved) ~= false then
    claim_job(prefix, processing, failed, moved, ARGV[first], now, ttl, history, channel, claimed)
  end
  first = first + 1
end
claim_pending(pending, processing, prefix, failed, first, now, ttl, history, channel, claimed)
return claimed
