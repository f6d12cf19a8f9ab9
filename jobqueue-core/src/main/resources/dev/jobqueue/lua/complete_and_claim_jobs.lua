-- What a worker does between two jobs, in one round trip: completes the jobs it finished (each as
-- complete_job.lua, if the caller still holds its claim) and then claims up to N pending jobs (as
-- claim_jobs.lua). Under a backlog this is one call per job instead of a complete and a claim.
-- KEYS[1] pending list
-- KEYS[2] processing list
-- KEYS[3] job hash key prefix
-- KEYS[4] failed list
-- KEYS[5] completed list
-- KEYS[6] lease sorted set
-- KEYS[7] this minute's counters hash, only when per-minute counters are on
-- ARGV[1] now, epoch milliseconds
-- ARGV[2] finished-job TTL, seconds
-- ARGV[3] history size
-- ARGV[4] events channel
-- ARGV[5] lease, milliseconds (the claimant's visibility timeout)
-- ARGV[6] K, the number of jobs to complete
-- ARGV[7 .. 6+3K] id, claim token and result JSON of each job to complete
-- ARGV[7+3K ..] one fresh claim token per job to claim; their count is N (may be 0)
-- ARGV[#ARGV-6..#ARGV] the flow arguments, as claim_jobs.lua
-- Returns: { per completed job 1 or 0 as complete_job.lua, then the claimed jobs and why the claim
-- stopped early, as claim_jobs.lua }
--- @include "includes/count_minute"
--- @include "includes/redis_full"
--- @include "includes/complete_job"
--- @include "includes/claim_pending"

local pending, processing, prefix, failed, completed, leases = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6]
local now, ttl, history, channel = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3]), ARGV[4]
local count = tonumber(ARGV[6])
minute_counts_key = KEYS[7]
local done, claimed = {}, {}

local full = count > 0 and redis_full(prefix .. ARGV[7])
for i = 1, count do
  local at = 3 * i + 4
  done[i] = complete_job(prefix, processing, completed, leases, ARGV[at], ARGV[at + 1], 'completed', now, ARGV[at + 2],
    ttl, history, channel, full)
end
local c = claim_context(prefix, processing, failed, leases, now, ARGV[5], ttl, history, channel)
local last = #ARGV - FLOW_ARGS
local hold = claim_pending(c, flow_context(prefix, pending, processing, last + 1), 3 * count + 7, last, claimed)
return { done, claimed, hold }
