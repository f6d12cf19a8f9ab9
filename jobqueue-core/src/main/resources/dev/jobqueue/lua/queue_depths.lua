-- Reads the lengths of a queue's lists in one round trip, without MULTI (which Spring Data Redis
-- would run on a dedicated connection).
-- KEYS[1..4] the lists to measure: pending, processing, completed, failed
-- KEYS[5] the delayed sorted set
-- Returns: their lengths, in the same order

local depths = {}
for i = 1, 4 do
  depths[i] = redis.call('LLEN', KEYS[i])
end
depths[5] = redis.call('ZCARD', KEYS[5])
return depths
