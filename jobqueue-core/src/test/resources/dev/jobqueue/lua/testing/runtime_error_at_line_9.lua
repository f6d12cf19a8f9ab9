-- A flow with includes and a runtime error on line 9, for LuaIncludesTests.
--- @include "includes/claim_pending"
--- @include "includes/held_claim"

local total = 0
for i = 1, 3 do
  total = total + i
end
redis.call('NO_SUCH_COMMAND', total)
return total
