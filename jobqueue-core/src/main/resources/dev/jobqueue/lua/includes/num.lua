-- Numbers read from a job hash go through num(): tonumber() of an empty or foreign string is nil,
-- and one nil in a comparison would abort the whole script (reference edge case 9.4).
local function num(value)
  local n = tonumber(value)
  if n == nil then
    return 0
  end
  return n
end
