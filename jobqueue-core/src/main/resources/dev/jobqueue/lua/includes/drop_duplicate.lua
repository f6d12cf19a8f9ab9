--- @include "includes/publish_event"
-- Drops an extra list entry of a job that is not pending (another client pushed its id again, or a
-- command was replayed): the job's own state is left alone, so a finished job never runs again. The
-- entry is named in Redis's log and by a 'dropped' event. The entry removed is the one nearest to the
-- list's left end (where a claim has just pushed it), unless `removed` says the caller removed it.
local function drop_duplicate(list, id, status, channel, removed)
  if not removed then
    redis.call('LREM', list, 1, id)
  end
  redis.log(redis.LOG_WARNING, 'jobqueue: dropped an extra entry of job ' .. id .. ' from ' .. list
    .. ': the job is ' .. status .. ', not pending')
  publish_event(channel, id, 'dropped')
end
