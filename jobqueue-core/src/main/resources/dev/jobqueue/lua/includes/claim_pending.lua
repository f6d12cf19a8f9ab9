--- @include "includes/claim_job"
-- Moves the oldest pending ids (RIGHT of pending to LEFT of processing) and claims each with the
-- next token of ARGV from index `first`; stops early when pending is empty.
local function claim_pending(pending, processing, prefix, failed, first, now, ttl, history, channel, claimed)
  for i = first, #ARGV do
    local id = redis.call('LMOVE', pending, processing, 'RIGHT', 'LEFT')
    if not id then
      return
    end
    claim_job(prefix, processing, failed, id, ARGV[i], now, ttl, history, channel, claimed)
  end
end
