-- How many entries remove_entry() compares at each end of a list before it looks further in.
local REMOVE_PROBE = 32

-- Removes one entry of id from a list the reference keeps (processing), scanning from the end the
-- entry is nearer to: LREM with count 1 stops at the first match from the left (newest claims)
-- and with count -1 at the first match from the right (oldest claims), so the cost is the entry's
-- distance from that end, not the list's length. Bounded LPOS probes of growing size (MAXLEN 32,
-- 128, 512, ...) at both ends find which end that is; an entry in the middle of a long list costs
-- a scan of about half of it, as it must with a list. With duplicate entries of the id (a
-- reference client pushed it twice), exactly one is removed, the one nearest to an end (a round of
-- probes that finds one finds every entry nearer to an end than it, as the round before found none).
-- Returns 1 when an entry was removed, 0 when the id is not in the list.
local function remove_entry(list, id)
  local len = redis.call('LLEN', list)
  if len <= REMOVE_PROBE then
    return redis.call('LREM', list, 1, id)
  end
  local probe = REMOVE_PROBE
  while true do
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
    probe = probe * 4
  end
end
