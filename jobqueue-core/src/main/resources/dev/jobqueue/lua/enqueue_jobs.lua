-- Enqueues one or more jobs atomically, writing the reference's six hash fields, plus traceparent
-- only when the producer observes its enqueues with tracing on.
-- KEYS[1] job hash key prefix (queue:<name>:job:)
-- KEYS[2] pending list
-- ARGV[1] now, epoch milliseconds
-- ARGV[2] "1" to skip an id whose hash already exists (caller-chosen ids), "0" otherwise
-- ARGV[3] W3C traceparent of the enqueue, or "" for none (a plain job)
-- ARGV[4], ARGV[5] id and payload JSON of the first job; then the next pair, and so on
-- Returns: an array with, per job, 1 when it was enqueued and 0 when it was skipped

local prefix, pending, now, skip_existing, traceparent = KEYS[1], KEYS[2], ARGV[1], ARGV[2] == '1', ARGV[3]
local written = {}
for i = 4, #ARGV, 2 do
  local id = ARGV[i]
  local key = prefix .. id
  if skip_existing and redis.call('EXISTS', key) == 1 then
    written[#written + 1] = 0
  else
    redis.call('HSET', key, 'id', id, 'payload', ARGV[i + 1], 'status', 'pending', 'attempts', '0',
      'enqueued_at_ms', now, 'claim_token', '')
    if traceparent ~= '' then
      redis.call('HSET', key, 'traceparent', traceparent)
    end
    redis.call('LPUSH', pending, id)
    written[#written + 1] = 1
  end
end
return written
