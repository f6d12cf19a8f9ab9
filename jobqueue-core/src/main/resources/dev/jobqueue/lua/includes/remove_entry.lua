-- How many entries remove_entry() compares at each end of a list, round by round, before it scans
-- from the left end as the reference does.
local REMOVE_PROBES = { 32, 512 }

-- Removes one entry of id from a list the reference keeps (processing), scanning from the end the
-- entry is nearer to: LREM with count 1 stops at the first match from the left (newest claims)
-- and with count -1 at the first match from the right (oldest claims), so the cost is the entry's
-- distance from that end, not the list's length. A short list (at most two first probes long, 64
-- entries) is scanned by LREM 1 alone, as the reference does: it compares at most 64 entries,
-- which the probes would only add to. On a longer list, bounded LPOS probes (MAXLEN 32, then 512)
-- at both ends find which end that is; an entry further than 512 from both ends is removed by
-- LREM 1, as the reference removes it, which scans to it from the left: there a list costs a scan,
-- whatever is done, and the probes add at most 1,088 compared entries to it. With duplicate
-- entries of the id (a reference client pushed it twice), exactly one is removed: on a short list
-- the leftmost, as the reference removes; on a longer one the one nearest to an end when one lies
-- within 512 of an end (a round that finds one finds every entry nearer to an end than it, as the
-- round before found none), else the leftmost.
-- Returns 1 when an entry was removed, 0 when the id is not in the list.
local function remove_entry(list, id)
  local len = redis.call('LLEN', list)
  if len <= 2 * REMOVE_PROBES[1] then
    return redis.call('LREM', list, 1, id)
  end
  for _, size in ipairs(REMOVE_PROBES) do
    -- a probe of half the list from each end covers it whole
    local probe = math.min(size, math.ceil(len / 2))
    local left = redis.call('LPOS', list, id, 'MAXLEN', probe)
    local right = redis.call('LPOS', list, id, 'RANK', -1, 'MAXLEN', probe)
    if left and (not right or left <= len - 1 - right) then
      return redis.call('LREM', list, 1, id)
    end
    if right then
      return redis.call('LREM', list, -1, id)
    end
    if 2 * probe >= len then
      return 0
    end
  end
  return redis.call('LREM', list, 1, id)
end
