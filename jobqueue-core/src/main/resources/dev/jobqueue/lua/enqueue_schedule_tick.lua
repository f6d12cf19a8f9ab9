-- Enqueues the job of one tick of a recurring schedule, unless this tick or a later one was already
-- enqueued: the schedule's hash remembers the last tick, so however many instances fire the same
-- tick, exactly one job is written. The job is the reference's plain job plus two fields naming its
-- schedule and tick.
-- KEYS[1] the schedule's hash (queue:<name>:schedule:<schedule>)
-- KEYS[2] job hash key prefix
-- KEYS[3] pending list
-- ARGV[1] the tick, epoch milliseconds
-- ARGV[2] new job id
-- ARGV[3] payload JSON
-- ARGV[4] now, epoch milliseconds
-- ARGV[5] schedule name
-- ARGV[6] '1' for an operator's trigger: the job is enqueued whatever the last tick, with ARGV[1]
--         (now) as its tick, and the schedule's hash is left alone, so the regular ticks go on
-- Returns: 1 when the job was enqueued, 0 when this tick or a later one already was
--- @include "includes/num"

local schedule, prefix, pending = KEYS[1], KEYS[2], KEYS[3]
local tick, id, payload, now, name = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5]
if ARGV[6] ~= '1' then
  if num(redis.call('HGET', schedule, 'last_tick_ms')) >= tonumber(tick) then
    return 0
  end
  redis.call('HSET', schedule, 'last_tick_ms', tick, 'last_job_id', id, 'last_enqueued_at_ms', now)
end
redis.call('HSET', prefix .. id, 'id', id, 'payload', payload, 'status', 'pending', 'attempts', '0',
  'enqueued_at_ms', now, 'claim_token', '', 'schedule', name, 'scheduled_at_ms', tick)
redis.call('LPUSH', pending, id)
return 1
