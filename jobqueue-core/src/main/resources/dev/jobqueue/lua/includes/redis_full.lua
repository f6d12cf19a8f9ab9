-- Whether Redis is over its maxmemory. Must run before the script's first write: while Redis is
-- over the limit, a script's first write command that may grow memory is refused with OOM, and
-- every later one is allowed. LPUSHX on a job hash key writes nothing either way (WRONGTYPE when
-- the hash exists, a no-op when it does not), so it only probes.
local function redis_full(probe_key)
  local reply = redis.pcall('LPUSHX', probe_key, '')
  return type(reply) == 'table' and reply.err ~= nil and string.sub(reply.err, 1, 3) == 'OOM'
end
