--- @include "includes/num"
--- @include "includes/waiting"
-- Flow control of the claim flows: priority levels, weights, the rotation between groups, pause,
-- and the limits that bind across instances. Its arguments are the last FLOW_ARGS of the flow:
--   levels: priority levels separated by commas, highest first, 'normal' among them
--   weights: one weight per level separated by commas, or '' for strict priority
--   random: a number in [0, 1) chosen by the claimant, for the weighted choice of a level
--   rate permits (0 for no rate limit) and rate period in milliseconds
--   max concurrency: the most jobs of the queue in processing at once (0 for no limit)
--   group concurrency: the most jobs of one group in processing at once (0 for no limit)
-- State in Redis, all derived from the pending list's key: the settings hash's 'paused' field, the
-- rate sorted set queue:Q:rate (member: claim token, score: start time, kept for one period), and
-- per group the set queue:Q:group-active:<group> of ids claimed and maybe still processing.
-- Once a claim flow's run has popped from the waiting lists, nothing writes them but its own pops
-- (and pop_normal's turns of the rotation), so the context remembers what it found empty for the
-- rest of the run: a level's list that RPOP or LLEN found empty (f.empty), and a rotation list that
-- LLEN found empty (f.no_groups; pop_normal pushes to it only a group it has just popped from it,
-- so an empty rotation stays empty). A claim of N jobs then asks about an empty level once, not N
-- times.
local FLOW_ARGS = 7

-- The flow context of a claim; `at` is the index of the first flow argument.
local function flow_context(prefix, pending, processing, at)
  local f = { prefix = prefix, pending = pending, processing = processing, base = queue_base(pending), levels = {},
    weights = {}, empty = {} }
  for level in string.gmatch(ARGV[at], '[^,]+') do
    f.levels[#f.levels + 1] = level
  end
  for weight in string.gmatch(ARGV[at + 1], '[^,]+') do
    f.weights[#f.weights + 1] = num(weight)
  end
  f.random = num(ARGV[at + 2])
  f.permits, f.period = num(ARGV[at + 3]), num(ARGV[at + 4])
  f.max, f.group_max = num(ARGV[at + 5]), num(ARGV[at + 6])
  return f
end

-- Why no job may start now, or nil when one may: 'paused', 'busy' (the concurrency limit is
-- reached) or, under the rate limit, the milliseconds until the next permit is due (as text).
local function flow_hold(f, now)
  if f.paused == nil then
    f.paused = redis.call('HGET', f.base .. 'settings', 'paused') == '1'
  end
  if f.paused then
    return 'paused'
  end
  if f.max > 0 and redis.call('LLEN', f.processing) >= f.max then
    return 'busy'
  end
  if f.permits > 0 then
    local rate = f.base .. 'rate'
    if f.used == nil then
      -- the limiter's time never goes back: a claimant whose clock reads earlier than the latest
      -- start (clock skew, or a claim delayed between reading its clock and running here) counts
      -- as starting at that latest start, so the starts form one ordered log
      local newest = redis.call('ZRANGE', rate, -1, -1, 'WITHSCORES')
      f.rate_now = math.max(now, num(newest[2]))
      -- a removal, so the claim still runs at maxmemory
      redis.call('ZREMRANGEBYSCORE', rate, '-inf', f.rate_now - f.period)
      f.used = redis.call('ZCARD', rate)
    end
    if f.used >= f.permits then
      -- until the oldest start leaves the window on the claimant's own clock, which is the clock
      -- it waits on (from the now it sent, not from the reply): counting from the limiter's time,
      -- which a later claimant may have moved ahead, wakes it too early for nothing
      local oldest = redis.call('ZRANGE', rate, 0, 0, 'WITHSCORES')
      local wait = num(oldest[2]) + f.period - now
      return tostring(math.ceil(math.min(math.max(wait, 1), f.period)))
    end
  end
  return nil
end

-- Whether a group may start one more job: fewer than group_max of its claimed ids still processing.
-- Ids that left processing are forgotten here, when the group looks full, so no flow that ends a
-- job has to know about groups.
local function group_has_room(f, group)
  if f.group_max <= 0 then
    return true
  end
  local active = f.base .. 'group-active:' .. group
  if redis.call('SCARD', active) < f.group_max then
    return true
  end
  for _, id in ipairs(redis.call('SMEMBERS', active)) do
    if redis.call('HGET', f.prefix .. id, 'status') ~= 'processing' then
      redis.call('SREM', active, id)
    end
  end
  return redis.call('SCARD', active) < f.group_max
end

-- RPOP of a level's list (pending for 'normal'), or false without a command when this run found
-- the list empty already.
local function pop_waiting(f, list)
  if f.empty[list] then
    return false
  end
  local id = redis.call('RPOP', list)
  if not id then
    f.empty[list] = true
  end
  return id
end

-- Whether a level's list has jobs, asking Redis only while this run has not found it empty.
local function list_has_work(f, list)
  if f.empty[list] then
    return false
  end
  if redis.call('LLEN', list) > 0 then
    return true
  end
  f.empty[list] = true
  return false
end

-- The length of the rotation list of groups with work, 0 without a command once this run found
-- it empty (LLEN 0: nothing in a claim flow pushes to an empty rotation).
local function rotation_length(f, groups)
  if f.no_groups then
    return 0
  end
  local n = redis.call('LLEN', groups)
  if n == 0 then
    f.no_groups = true
  end
  return n
end

-- The next id of the normal level: the rotation between groups with work and the ungrouped
-- pending list (''), or pending alone when no group has work. Returns id, group, and whether a
-- group with work was skipped because it is full.
local function pop_normal(f)
  local groups = f.base .. 'groups'
  local n = rotation_length(f, groups)
  if n == 1 and redis.call('LINDEX', groups, 0) == '' then
    -- no group has jobs any more: only the ungrouped list is left
    redis.call('DEL', groups)
    n = 0
  end
  if n == 0 then
    return pop_waiting(f, f.pending), nil, false
  end
  local busy = false
  for _ = 1, n do
    local group = redis.call('RPOP', groups)
    if not group then
      break
    end
    if group == '' then
      redis.call('LPUSH', groups, group)
      local id = pop_waiting(f, f.pending)
      if id then
        return id, nil, busy
      end
    else
      local list = f.base .. 'group-pending:' .. group
      if redis.call('LLEN', list) > 0 then
        redis.call('LPUSH', groups, group)
        if group_has_room(f, group) then
          local id = redis.call('RPOP', list)
          if redis.call('LLEN', list) == 0 then
            -- its last job: the group leaves the rotation (it was just pushed to the left)
            redis.call('LREM', groups, 1, group)
          end
          return id, group, busy
        end
        busy = true
      end
    end
  end
  if redis.call('LLEN', groups) == 1 and redis.call('LINDEX', groups, 0) == '' then
    redis.call('DEL', groups)
  end
  return pop_waiting(f, f.pending), nil, busy
end

local function pop_level(f, level)
  if level == 'normal' then
    return pop_normal(f)
  end
  return pop_waiting(f, f.pending .. ':' .. level), nil, false
end

local function has_work(f, level)
  if level == 'normal' then
    return list_has_work(f, f.pending) or rotation_length(f, f.base .. 'groups') > 0
  end
  return list_has_work(f, f.pending .. ':' .. level)
end

-- The next id to claim: from the highest level with work, or with weights from a level chosen
-- by weight among those with work. Returns id, group, and whether work was skipped as busy.
local function flow_next(f)
  local order = f.levels
  if #f.weights == #f.levels and #f.levels > 1 then
    local total, candidates = 0, {}
    for i, level in ipairs(f.levels) do
      if has_work(f, level) then
        candidates[#candidates + 1] = i
        total = total + f.weights[i]
      end
    end
    if total > 0 then
      local pick, chosen = f.random * total, nil
      for _, i in ipairs(candidates) do
        pick = pick - f.weights[i]
        if pick < 0 and not chosen then
          chosen = i
        end
      end
      order = { f.levels[chosen or candidates[#candidates]] }
      for _, level in ipairs(f.levels) do
        order[#order + 1] = level
      end
    end
    f.random = (f.random * 9301 + 0.49297) % 1
  end
  local busy = false
  for _, level in ipairs(order) do
    local id, group, skipped = pop_level(f, level)
    if id then
      return id, group, busy
    end
    busy = busy or skipped
  end
  return nil, nil, busy
end

-- Records a job that started: one permit of the rate limit, one place of its group.
local function flow_started(f, id, group, token, now)
  if f.permits > 0 then
    local rate = f.base .. 'rate'
    redis.call('ZADD', rate, f.rate_now, token)
    -- only to clean up an idle queue: a period plus the clock-skew tolerance, as the starts are
    -- scored on the claimants' clocks
    redis.call('PEXPIRE', rate, math.ceil(f.period) + 60000)
    f.used = f.used + 1
  end
  if group and f.group_max > 0 then
    redis.call('SADD', f.base .. 'group-active:' .. group, id)
  end
end
