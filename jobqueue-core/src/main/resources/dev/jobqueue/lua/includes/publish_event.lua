-- Events use the reference's compact JSON, keys in this order: {"id":"<id>","status":"<status>"}.
-- No event when the channel is empty.
local function publish_event(channel, id, status)
  if channel ~= '' then
    redis.call('PUBLISH', channel, '{"id":' .. cjson.encode(id) .. ',"status":"' .. status .. '"}')
  end
end
