-- Completes a claimed job, as the reference's complete flow, if the caller still holds its claim,
-- and removes its lease. Stricter than the reference: an empty token never matches (edge case 9.1)
-- and a job that is no longer processing cannot be completed again with the same token (edge case
-- 9.2). While Redis is over maxmemory the completed hash is deleted instead of kept (complete_job).
-- KEYS[1] job hash key prefix
-- KEYS[2] processing list
-- KEYS[3] completed list
-- KEYS[4] lease sorted set
-- KEYS[5] this minute's counters hash, only when per-minute counters are on
-- ARGV[1] job id
-- ARGV[2] claim token
-- ARGV[3] status to write ("completed")
-- ARGV[4] now, epoch milliseconds
-- ARGV[5] result JSON
-- ARGV[6] finished-job TTL, seconds
-- ARGV[7] history size
-- ARGV[8] events channel
-- Returns: 1 when completed, 0 when the caller does not hold the claim (nothing is changed)
--- @include "includes/count_minute"
--- @include "includes/redis_full"
--- @include "includes/complete_job"

local full = redis_full(KEYS[1] .. ARGV[1])
minute_counts_key = KEYS[5]
return complete_job(KEYS[1], KEYS[2], KEYS[3], KEYS[4], ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5],
  tonumber(ARGV[6]), tonumber(ARGV[7]), ARGV[8], full)
