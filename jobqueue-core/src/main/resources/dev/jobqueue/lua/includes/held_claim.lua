-- The token check of every flow that acts on a claimed job: the caller holds the claim when its
-- token is not empty (reference edge case 9.1), matches the job's claim_token and the job is still
-- processing (edge case 9.2). Returns the HMGET values of claim_token, status and the extra fields
-- named after the token, or nil when the claim is not held.
local function held_claim(key, token, ...)
  if token == '' then
    return nil
  end
  local fields = redis.call('HMGET', key, 'claim_token', 'status', ...)
  if fields[1] ~= token or fields[2] ~= 'processing' then
    return nil
  end
  return fields
end
