-- Numbers read from a job hash go through num(): tonumber() of an empty or foreign string is nil,
-- and one nil in a comparison would abort the whole script (reference edge case 9.4). tonumber()
-- also accepts 'nan', 'inf' and '1e400', which no writer produces and which break every comparison
-- (NaN is never >= anything), so they read as 0 too.
local function num(value)
  local n = tonumber(value)
  if n == nil or n ~= n or n == math.huge or n == -math.huge then
    return 0
  end
  return n
end

-- A stored attempts counter: a whole number from 0 to 2^31 - 1; anything else reads as 0, and the
-- next claim writes a clean integer back.
local function attempts_of(value)
  local n = num(value)
  if n < 0 or n >= 2147483648 then
    return 0
  end
  return math.floor(n)
end
