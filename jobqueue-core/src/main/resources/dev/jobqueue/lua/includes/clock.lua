--- @include "includes/num"
-- Every timestamp is the writing client's clock (as in the reference), so instances are expected to
-- run NTP. CLOCK_SKEW_MS is how far ahead of the reading instance's clock another instance's
-- timestamp may be and still be believed; MAX_LEASE_MS is the longest lease a claim records (7 days;
-- a longer visibility timeout is cut to it).
local CLOCK_SKEW_MS = 60000
local MAX_LEASE_MS = 604800000

-- A stored timestamp: 0 (unusable) when it is not a finite number or lies further ahead of now
-- than the clock-skew tolerance.
local function time_of(value, now)
  local t = num(value)
  if t > now + CLOCK_SKEW_MS then
    return 0
  end
  return t
end

-- The lease deadline a claim recorded in the lease sorted set, or nil when there is none or it
-- cannot be believed: not a finite number, further ahead of now than the longest lease plus the
-- clock-skew tolerance, or not later than the job's claimed_at_ms (then it belongs to an earlier
-- claim than the current one, which a reference helper made).
local function lease_of(leases, id, claimed_at, now)
  local deadline = num(redis.call('ZSCORE', leases, id))
  if deadline <= 0 or deadline > now + MAX_LEASE_MS + CLOCK_SKEW_MS or deadline <= claimed_at then
    return nil
  end
  return deadline
end
