-- Claims up to N pending jobs in one atomic step: the reference's move RIGHT of pending to LEFT of
-- processing, then its claim writes (status, claimed_at_ms, fresh claim_token, attempts + 1), and
-- the claimant's lease deadline (now + its visibility timeout) in the lease sorted set.
-- Unlike the reference, an id whose hash is gone is failed with a clear last_error instead of being
-- handed out with an empty payload (reference edge case 9.5), an extra entry of a job that is not
-- pending is dropped, and an id that is not valid UTF-8 is failed for good (see claim_job).
-- KEYS[1] pending list
-- KEYS[2] processing list
-- KEYS[3] job hash key prefix
-- KEYS[4] failed list
-- KEYS[5] lease sorted set
-- KEYS[6] this minute's counters hash, only when per-minute counters are on
-- ARGV[1] now, epoch milliseconds
-- ARGV[2] id already moved to processing by BLMOVE, or "" to take ids from pending
-- ARGV[3] finished-job TTL, seconds
-- ARGV[4] history size
-- ARGV[5] events channel
-- ARGV[6] lease, milliseconds (the claimant's visibility timeout)
-- ARGV[7..] one fresh claim token per job to claim; their count is N
-- ARGV[#ARGV-6..#ARGV] the flow arguments (see includes/flow): levels, weights, random, rate permits,
-- rate period, max concurrency, group concurrency
-- Returns: { a flat array, seven entries per claimed job: id, token, attempts, payload, enqueued_at_ms,
-- timeout_ms ('' for none), traceparent ('' for none); why the claim stopped early ('' or as
-- flow_hold) }
--- @include "includes/count_minute"
--- @include "includes/claim_job"
--- @include "includes/claim_pending"

local c = claim_context(KEYS[3], KEYS[2], KEYS[4], KEYS[5], ARGV[1], ARGV[6], tonumber(ARGV[3]), tonumber(ARGV[4]),
  ARGV[5])
local moved = ARGV[2]
local claimed = {}
minute_counts_key = KEYS[6]
local last = #ARGV - FLOW_ARGS
local f = flow_context(KEYS[3], KEYS[1], KEYS[2], last + 1)

if moved ~= '' then
  -- BLMOVE took it from the oldest end of pending. It goes back there, so that flow control picks
  -- what starts: a job of a higher level, a group's turn, or nothing while the queue is paused or
  -- at a limit. Only while the job is still pending, though: a sweep may have returned it to
  -- pending and another worker claimed it since, or this very script already ran for it (a client
  -- replays a command whose reply a dropped connection lost) and claimed it. Its processing entry
  -- then belongs to that claim, whose lease the sweep watches; taking it away would leave a
  -- processing job in no list, never run.
  -- An entry of a job that is finished, cancelled or waiting in the delayed set is an extra one:
  -- it is dropped.
  local status = redis.call('HGET', KEYS[3] .. moved, 'status')
  if status == 'pending' or not status then
    if redis.call('LREM', c.processing, 1, moved) > 0 then
      redis.call('RPUSH', KEYS[1], moved)
    end
  elseif status ~= 'processing' then
    drop_duplicate(c.processing, moved, status, ARGV[5])
  end
end
local hold = claim_pending(c, f, 7, last, claimed)
return { claimed, hold }
