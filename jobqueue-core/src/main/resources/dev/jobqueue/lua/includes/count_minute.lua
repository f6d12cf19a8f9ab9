-- Fleet-wide per-minute counters (completed, failed, retried, reclaimed) for the dashboard's charts,
-- written only when the flow was given this minute's counters hash as its last key and set
-- minute_counts_key to it; without that key (the default) counting costs nothing. A field's first
-- increment gives the hash its retention of a day.
local minute_counts_key = nil
local function count_minute(field, n)
  if minute_counts_key and n > 0 then
    if redis.call('HINCRBY', minute_counts_key, field, n) == n then
      redis.call('EXPIRE', minute_counts_key, 86400)
    end
  end
end
