-- Where a pending job waits. A plain job waits in the reference's pending list; a job enqueued with
-- a priority other than 'normal' (hash field priority) waits in that level's list
-- queue:Q:pending:<level>; a job with a group (hash field group) in its group's list
-- queue:Q:group-pending:<group>, and the group is then in the rotation list queue:Q:groups of
-- groups with work, with '' standing for the ungrouped pending list. A group is in the rotation
-- exactly while its list has jobs: it joins when a push makes the list non-empty and leaves when a
-- claim or a delete empties it. Every key is derived from the
-- pending list's key, so all of a queue's keys share its hash tag.

-- 'queue:Q:' from 'queue:Q:pending'
local function queue_base(pending)
  return string.sub(pending, 1, #pending - 7)
end

-- The list of a priority level: pending itself for 'normal' (or no level).
local function level_list(pending, level)
  if not level or level == '' or level == 'normal' then
    return pending
  end
  return pending .. ':' .. level
end

-- Puts a group in the rotation of groups with work; the rotation also holds '' (the ungrouped
-- pending list) so that ungrouped jobs take their turn.
local function join_rotation(base, group)
  local groups = base .. 'groups'
  if redis.call('LLEN', groups) == 0 then
    redis.call('LPUSH', groups, '')
  end
  redis.call('LPUSH', groups, group)
end

-- Pushes a job's id to the list it waits in: the newest end (left), or the oldest end (right, run
-- next) when oldest_end. level and group are the job's priority and group fields (false or '' for
-- none). When the id lands in a list other than pending that was empty, a message on the queue's
-- ready channel wakes the blocking claims, which wait on pending only.
local function push_waiting(pending, id, level, group, oldest_end)
  local command = oldest_end and 'RPUSH' or 'LPUSH'
  if group and group ~= '' then
    local base = queue_base(pending)
    if redis.call(command, base .. 'group-pending:' .. group, id) == 1 then
      join_rotation(base, group)
      redis.call('PUBLISH', base .. 'ready', 'group')
    end
    return
  end
  local list = level_list(pending, level)
  if redis.call(command, list, id) == 1 and list ~= pending then
    redis.call('PUBLISH', queue_base(pending) .. 'ready', level)
  end
end

-- push_waiting() for a job whose level and group are read from its hash.
local function requeue(pending, key, id, oldest_end)
  local fields = redis.call('HMGET', key, 'priority', 'group')
  push_waiting(pending, id, fields[1], fields[2], oldest_end)
end

-- Removes an id from the list it waits in (for a delete); returns how many entries were removed.
local function remove_waiting(pending, key, id)
  local fields = redis.call('HMGET', key, 'priority', 'group')
  if fields[2] and fields[2] ~= '' then
    local base = queue_base(pending)
    local list = base .. 'group-pending:' .. fields[2]
    local removed = redis.call('LREM', list, 0, id)
    if removed > 0 and redis.call('LLEN', list) == 0 then
      redis.call('LREM', base .. 'groups', 0, fields[2])
    end
    return removed
  end
  local list = level_list(pending, fields[1])
  if list == pending then
    return 0
  end
  return redis.call('LREM', list, 0, id)
end
