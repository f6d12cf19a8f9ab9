--- @include "includes/num"
-- A job that was not started by its expires_at_ms (a field only jobs enqueued with an expiry have).
local function is_expired(expires_at, now)
  local at = num(expires_at)
  return at > 0 and at < tonumber(now)
end

local function expired_error(expires_at)
  return 'expired: not started by ' .. expires_at .. ' (expires_at_ms); not run'
end
