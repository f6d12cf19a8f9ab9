-- Enqueues one or more jobs with options atomically: the reference's six hash fields, plus only the
-- fields of the options used. A job due later waits in the delayed sorted set with status 'delayed'
-- and run_at_ms; a job due now (or in the past) goes to pending as a plain enqueue does.
-- KEYS[1] job hash key prefix
-- KEYS[2] pending list
-- KEYS[3] delayed sorted set (score: due time, epoch milliseconds)
-- ARGV[1] now, epoch milliseconds
-- ARGV[2] "1" to skip an id whose hash already exists (caller-chosen ids), "0" otherwise
-- ARGV[3] due time of the jobs, epoch milliseconds
-- ARGV[4] expires_at_ms, or "" for no expiry
-- ARGV[5] timeout_ms, or "" for no execution timeout
-- ARGV[6] wake channel of the queue's promoters
-- ARGV[7] priority level, or "" for normal (the reference's pending list)
-- ARGV[8] group, or "" for none
-- ARGV[9] "1" to push to the oldest end of its list, so the job runs next (LIFO), "0" otherwise
-- ARGV[10] W3C traceparent of the enqueue, or "" for none
-- ARGV[11], ARGV[12] id and payload JSON of the first job; then the next pair, and so on
-- Returns: an array with, per job, 1 when it was enqueued and 0 when it was skipped
--- @include "includes/delay_job"
--- @include "includes/waiting"

local prefix, pending, delayed = KEYS[1], KEYS[2], KEYS[3]
local now, skip_existing, run_at, expires_at, timeout, wake = ARGV[1], ARGV[2] == '1', ARGV[3], ARGV[4], ARGV[5],
  ARGV[6]
local level, group, lifo, traceparent = ARGV[7], ARGV[8], ARGV[9] == '1', ARGV[10]
local later = tonumber(run_at) > tonumber(now)
local written = {}
-- the fields of the options used, the same for every job of the call, written with the reference's
-- in one HSET per job
local options = {}
local function option(field, value)
  if value ~= '' then
    options[#options + 1] = field
    options[#options + 1] = value
  end
end
option('expires_at_ms', expires_at)
option('timeout_ms', timeout)
option('priority', level)
option('group', group)
option('traceparent', traceparent)
if later then
  option('run_at_ms', run_at)
end
for i = 11, #ARGV, 2 do
  local id = ARGV[i]
  local key = prefix .. id
  if skip_existing and redis.call('EXISTS', key) == 1 then
    written[#written + 1] = 0
  else
    redis.call('HSET', key, 'id', id, 'payload', ARGV[i + 1], 'status', later and 'delayed' or 'pending',
      'attempts', '0', 'enqueued_at_ms', now, 'claim_token', '', unpack(options))
    if later then
      delay_job(delayed, id, run_at, wake)
    else
      push_waiting(pending, id, level, group, lifo)
    end
    written[#written + 1] = 1
  end
end
return written
