-- Records the progress of a running job if the caller still holds its claim: progress (0..100),
-- progress_detail (small JSON, removed when the report has none) and progress_at_ms on the job hash,
-- and a message on the queue's progress channel: {"id":"<id>","progress":<n>,"detail":<json or null>}.
-- KEYS[1] job hash key prefix
-- ARGV[1] job id
-- ARGV[2] claim token
-- ARGV[3] progress, an integer from 0 to 100
-- ARGV[4] detail JSON, or '' for none
-- ARGV[5] now, epoch milliseconds
-- ARGV[6] progress channel, or '' for no message
-- Returns: 1 when recorded, 0 when the caller does not hold the claim (nothing is changed)
--- @include "includes/held_claim"

local key = KEYS[1] .. ARGV[1]
if not held_claim(key, ARGV[2]) then
  return 0
end
if ARGV[4] == '' then
  redis.call('HDEL', key, 'progress_detail')
  redis.call('HSET', key, 'progress', ARGV[3], 'progress_at_ms', ARGV[5])
else
  redis.call('HSET', key, 'progress', ARGV[3], 'progress_detail', ARGV[4], 'progress_at_ms', ARGV[5])
end
if ARGV[6] ~= '' then
  local detail = 'null'
  if ARGV[4] ~= '' then
    detail = ARGV[4]
  end
  redis.call('PUBLISH', ARGV[6], '{"id":' .. cjson.encode(ARGV[1]) .. ',"progress":' .. ARGV[3] .. ',"detail":' .. detail
    .. '}')
end
return 1
