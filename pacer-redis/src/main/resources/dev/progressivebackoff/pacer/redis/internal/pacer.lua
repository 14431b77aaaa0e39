-- The shared pacer state of one rate-limit key, updated atomically: GCRA start spacing, holds (cool-downs,
-- spent windows), a temporary stretch from remaining/reset headers and the slow-down left by 429s.
-- Every time is a Redis server clock reading in microseconds (TIME), so the callers' clocks never matter.
--
-- KEYS[1]  the hash of the key
-- ARGV[1]  operation: acquire | hold | observe | state
-- ARGV[2]  the caller's emission interval at its adopted rate (60 s / RPM), microseconds
-- ARGV[3]  burst: starts allowed back to back
-- acquire: ARGV[4] the asking process's token, ARGV[5] since when (Redis µs) it has been asking, 0 on its first
--          ask, ARGV[6] grace: how long past its start a claimed start waits for its claimant. The caller
--          refused for longest claims the next start; another caller gets it only once the grace is over,
--          so processes take turns instead of the quickest to wake winning every start. A start is granted only when it is due now, never reserved ahead: the
--          spacing then counts from the moment each start really happened (as the local GcraPacer does), so
--          a caller that wakes late pushes the next start back instead of leaving it due right behind its
--          own, and a hold or slow-down set meanwhile applies to every caller still waiting.
-- hold:    ARGV[4] duration, ARGV[5] 1 to stretch the spacing after a 429, ARGV[6] factor, ARGV[7] max slow-down
-- observe: ARGV[4] recovery step (0 for none), ARGV[5] none|hold|stretch|end, ARGV[6] duration or spacing,
--          ARGV[7] stretch length, ARGV[8] token-window hold (0 for none)
--
-- Returns {granted (1 or 0), wait, start, held for, slow-down in millionths}: a granted start happens now
-- (`start`, `wait` 0); an ungranted one could not start before `wait` from now (at `start`).

local key = KEYS[1]
local op = ARGV[1]
local interval = tonumber(ARGV[2])
local burst = tonumber(ARGV[3])
local idle_ms = 600000

local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000000 + tonumber(clock[2])

local saved = redis.call('HMGET', key, 'tat', 'hold', 'slow', 'sint', 'suntil', 'ctok', 'csince', 'cuntil')
local tat = tonumber(saved[1]) or now
local hold = tonumber(saved[2]) or now
local slow = tonumber(saved[3]) or 1
local sint = tonumber(saved[4]) or 0
local suntil = tonumber(saved[5]) or now
local ctok = saved[6] or ''
local csince = tonumber(saved[7]) or 0
local cuntil = tonumber(saved[8]) or 0

local function slowed()
  if slow == 1 then
    return interval
  end
  return math.ceil(interval * slow)
end

local function tolerance()
  if suntil > now then
    return 0
  end
  return (burst - 1) * slowed()
end

local function hold_until(until_time)
  hold = math.max(hold, until_time)
  suntil = now
  tat = math.max(tat, hold + tolerance())
end

local function save()
  redis.call('HSET', key, 'tat', string.format('%d', tat), 'hold', string.format('%d', hold),
    'slow', string.format('%.17g', slow), 'sint', string.format('%d', sint), 'suntil', string.format('%d', suntil),
    'ctok', ctok, 'csince', string.format('%d', csince), 'cuntil', string.format('%d', cuntil))
  local last = math.max(tat, hold, suntil, cuntil)
  redis.call('PEXPIRE', key, math.ceil((last - now) / 1000) + idle_ms)
end

local function reply(granted, wait, start)
  return {granted, math.floor(wait), math.floor(start), math.floor(math.max(0, hold - now)),
    math.floor(slow * 1000000 + 0.5)}
end

if op == 'acquire' then
  local effective = slowed()
  if suntil > now then
    effective = math.max(effective, sint)
  end
  local token = ARGV[4]
  local since = tonumber(ARGV[5])
  if since <= 0 then
    since = now
  end
  local grace = tonumber(ARGV[6])
  local claimed = ctok ~= '' and cuntil >= now
  local start = math.max(now, tat - tolerance(), hold)
  if start > now then
    if not claimed or ctok == token or since < csince then
      ctok = token
      csince = since
      cuntil = start + grace
      save()
    end
    return reply(0, start - now, start)
  end
  if claimed and ctok ~= token then
    return reply(0, cuntil - now + 1, cuntil + 1)
  end
  ctok = ''
  csince = 0
  cuntil = 0
  tat = math.max(tat, now) + effective
  save()
  return reply(1, 0, now)
elseif op == 'hold' then
  if tonumber(ARGV[5]) == 1 then
    slow = math.min(tonumber(ARGV[7]), slow * tonumber(ARGV[6]))
  end
  hold_until(now + tonumber(ARGV[4]))
  save()
  return reply(0, 0, now)
elseif op == 'observe' then
  local step = tonumber(ARGV[4])
  if step > 0 then
    slow = math.max(1, slow - step)
  end
  local action = ARGV[5]
  if action == 'hold' then
    hold_until(now + tonumber(ARGV[6]))
  elseif action == 'stretch' then
    sint = tonumber(ARGV[6])
    suntil = now + tonumber(ARGV[7])
    tat = math.max(tat, now + sint)
  elseif action == 'end' then
    suntil = now
  end
  local token_hold = tonumber(ARGV[8])
  if token_hold > 0 then
    hold_until(now + token_hold)
  end
  save()
  return reply(0, 0, now)
elseif op == 'state' then
  return reply(0, 0, now)
end
return redis.error_reply('unknown pacer operation: ' .. tostring(op))
