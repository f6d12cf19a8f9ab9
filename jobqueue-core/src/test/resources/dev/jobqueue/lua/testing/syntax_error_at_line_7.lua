-- A flow with includes and a syntax error on line 7, for LuaIncludesTests.
--- @include "includes/fail_for_good"
--- @include "includes/complete_job"

local a = 1
local b = 2
local c = = 3
return a + b
