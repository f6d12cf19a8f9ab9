-- Whether a string is valid UTF-8. Ids are bytes in Redis, but a Java worker holds them as
-- Strings, so an id that is not UTF-8 could never be completed, failed or extended by its claimant.
local function is_utf8(s)
  if not string.find(s, '[\128-\255]') then
    return true
  end
  local i, n = 1, #s
  while i <= n do
    local c = string.byte(s, i)
    local len
    if c < 128 then
      len = 1
    elseif c >= 194 and c <= 223 then
      len = 2
    elseif c >= 224 and c <= 239 then
      len = 3
    elseif c >= 240 and c <= 244 then
      len = 4
    else
      return false
    end
    if i + len - 1 > n then
      return false
    end
    for j = i + 1, i + len - 1 do
      local cc = string.byte(s, j)
      if cc < 128 or cc > 191 then
        return false
      end
    end
    local c2 = string.byte(s, i + 1) or 0
    if (c == 224 and c2 < 160) or (c == 237 and c2 > 159) or (c == 240 and c2 < 144) or (c == 244 and c2 > 143) then
      return false
    end
    i = i + len
  end
  return true
end

-- The last_error of a job whose id is not UTF-8, naming its bytes in hex.
local function not_utf8_error(id)
  local hex = string.gsub(id, '.', function(c)
    return string.format(' %02x', string.byte(c))
  end)
  return 'job id is not valid UTF-8 (bytes' .. hex .. '): a jobqueue worker cannot address it; not run'
end
