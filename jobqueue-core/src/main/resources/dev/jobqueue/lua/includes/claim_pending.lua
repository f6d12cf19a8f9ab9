--- @include "includes/claim_job"
-- Moves the oldest pending ids (RIGHT of pending to LEFT of processing, as RPOP then LPUSH rather
-- than LMOVE so the script's first write is a removal and claims go on while Redis is at
-- maxmemory) and claims each with the next token of ARGV from index `first`; stops early when
-- pending is empty. c is a claim_context().
local function claim_pending(c, pending, first, claimed)
  for i = first, #ARGV do
    local id = redis.call('RPOP', pending)
    if not id then
      return
    end
    c.wrote = true
    redis.call('LPUSH', c.processing, id)
    claim_job(c, id, ARGV[i], claimed)
  end
end
