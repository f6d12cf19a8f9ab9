--- @include "includes/claim_job"
--- @include "includes/flow"
-- Claims the next waiting jobs under flow control (see flow): each is moved RIGHT of its list to
-- LEFT of processing, as RPOP then LPUSH rather than LMOVE so the script's first write is a
-- removal and claims go on while Redis is at maxmemory, and claimed with the next token of ARGV
-- from index `first` to `last`. Stops early when nothing is waiting or a job may not start.
-- c is a claim_context(), f a flow_context(). Returns why it stopped early: '' when nothing waits
-- (or every token was used), else as flow_hold ('paused', 'busy', or the milliseconds until the
-- next permit).
local function claim_pending(c, f, first, last, claimed)
  local now = tonumber(c.now)
  for i = first, last do
    local hold = flow_hold(f, now)
    if hold then
      return hold
    end
    local id, group, busy = flow_next(f)
    if not id then
      return busy and 'busy' or ''
    end
    c.wrote = true
    redis.call('LPUSH', c.processing, id)
    local before = #claimed
    claim_job(c, id, ARGV[i], claimed)
    if #claimed > before then
      flow_started(f, id, group, ARGV[i], now)
    end
  end
  return ''
end
