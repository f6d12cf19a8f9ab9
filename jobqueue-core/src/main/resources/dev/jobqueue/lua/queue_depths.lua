-- Reads the lengths of a queue's lists in one round trip, without MULTI (which Spring Data Redis
-- would run on a dedicated connection).
-- KEYS the lists to measure: pending, processing, completed, failed
-- Returns: their lengths, in the same order

local depths = {}
for i = 1, #KEYS do
  depths[i] = redis.call('LLEN', KEYS[i])
end
return depths
