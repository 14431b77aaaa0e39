-- The shared pacer state of one rate-limit key, updated atomically: GCRA start spacing, holds (cool-downs,
-- spent windows), a temporary stretch from remaining/reset headers, the slow-down 429s left and the floor
-- they taught, and the count a window announced. The local GcraPacer's rules (GcraSchedule, WindowCount,
-- SlowdownRules), with every process of the key sharing one state.
-- Every time is a Redis server clock reading in microseconds (TIME), so the callers' clocks never matter.
--
-- KEYS[1]  the hash of the key
-- KEYS[2]  the sorted set of the grants still in flight (score: grant number; member: number:grant time)
-- ARGV[1]  operation: acquire | sent | hold | observe | rate | state
-- ARGV[2]  the caller's emission interval at its adopted rate (60 s / RPM plus the margin), microseconds
-- ARGV[3]  burst: starts allowed back to back
-- ARGV[4]  grant numbers whose requests ended unobserved, comma-separated ('' for none): no longer in flight
-- ARGV[5]  the slow-down rules (SlowdownRules): penalty factor, max slow-down, learnt margin, recovery step,
--          kept margin, probe step, space-separated
-- acquire: ARGV[6] the asking process's token, ARGV[7] since when (Redis µs) it has been asking, 0 on its first
--          ask, ARGV[8] grace: how long past its start a claimed start waits for its claimant. The caller
--          refused for longest claims the next start; another caller gets it only once the grace is over,
--          so processes take turns instead of the quickest to wake winning every start. ARGV[9] the longest
--          hold: while a spent window's announced end lies further away, nothing is granted (the reply says how
--          long it lasts, and the caller fails at once), and once it is nearer every start waits for it whole.
--          ARGV[10] lead: how long after its grant the caller's request is expected on the wire; a paced start is
--          granted that much before it is due, and the next one counts from when the request is expected.
--          ARGV[11] horizon: a paced start due no further away than this is granted now, to start when due (the
--          reply's `wait`, the caller sleeping that out itself): an ask sent a round trip ahead then takes the
--          start as it comes due, instead of being refused and asking again a round trip after it.
--          A start is granted
--          only when it is due now, never reserved ahead: the spacing then counts from the moment each start
--          really happened (as the local GcraPacer does), so a caller that wakes late pushes the next start
--          back instead of leaving it due right behind its own, and a hold or slow-down set meanwhile applies
--          to every caller still waiting. While a window's announced count lasts, starts are not spaced (only
--          holds apply) and nobody claims; the grant that spends the count holds every start until the
--          window's end.
-- sent:    ARGV[6] when the request of a paced grant went on the wire (Redis µs; the caller's estimate, its grant
--          plus the time it measured since; 0 or later than now: now): the next start comes one interval after it.
--          The caller sends this without waiting for the reply, so it may arrive a little after the send.
-- hold:    ARGV[6] duration, ARGV[7] 1 after a 429: the slow-down grows and the floor rises (once per grant
--          made since the last time), and counts are no longer trusted if one was being spent
-- observe: ARGV[6] 1 to take back some slow-down (a success), ARGV[7] requests remaining (-1: not announced),
--          ARGV[8] reset (-1: not announced), ARGV[9] 1 if the window is nearly spent, ARGV[10] the grant the
--          response answers (0: unknown), ARGV[11] the window's end if this response names its first request
--          (0: it does not), ARGV[12] the longest hold, ARGV[13] token-window hold (0 for none), ARGV[14] the
--          request window's reset as announced, not cut to the longest hold (-1: not announced), ARGV[15] the
--          header that announced it, ARGV[16] the token window's reset as announced when its tokens are spent
--          (0 for none), ARGV[17] the header that announced it
-- rate:    the caller adopted a new rate: what 429s taught at another rate is forgotten
--
-- Returns {granted (1 or 0), wait, start, held for, slow-down in millionths, recovering (1 or 0), grant number,
-- counted (1 or 0), spent window held for, what is spent (0 nothing, 1 requests, 2 tokens), the header that
-- announced its end}: a granted start happens now (`start`, `wait` 0) and is numbered; an ungranted one could
-- not start before `wait` from now (at `start`); `start` of any other operation is now. The spent window is the
-- hold a server announced with `remaining` 0, as announced (the schedule's own hold is cut to the longest hold).

local key = KEYS[1]
local inflight = KEYS[2]
local op = ARGV[1]
local interval = tonumber(ARGV[2])
local burst = tonumber(ARGV[3])
local idle_ms = 600000
local lead = 0
local stale = idle_ms * 1000

local rules = {}
for value in string.gmatch(ARGV[5], '%S+') do
  rules[#rules + 1] = tonumber(value)
end
local penalty, max_slow, learnt, step, kept, probe = rules[1], rules[2], rules[3], rules[4], rules[5], rules[6]

local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000000 + tonumber(clock[2])

local saved = redis.call('HMGET', key, 'tat', 'hold', 'slow', 'sint', 'suntil', 'ctok', 'csince', 'cuntil',
  'floor', 'failed', 'lint', 'granted', 'gpen', 'cupto', 'cnew', 'cdis', 'clast', 'wend', 'rat', 'ratu', 'rsrc',
  'swend', 'swwhy', 'swsrc')
local tat = tonumber(saved[1]) or now
local hold = tonumber(saved[2]) or now
local slow = tonumber(saved[3]) or 1
local sint = tonumber(saved[4]) or 0
local suntil = tonumber(saved[5]) or now
local ctok = saved[6] or ''
local csince = tonumber(saved[7]) or 0
local cuntil = tonumber(saved[8]) or 0
local floor = tonumber(saved[9]) or 1     -- the lowest slow-down 429s left in force
local failed = tonumber(saved[10]) or 0   -- the slowest slow-down that met a 429; 0 before any
local lint = tonumber(saved[11]) or 0     -- the interval the slow-down was learnt at; 0 before any
local granted = tonumber(saved[12]) or 0  -- grants made: the number of the newest
local gpen = tonumber(saved[13]) or -1    -- grants made at the last penalty
local cupto = tonumber(saved[14]) or 0    -- grants up to this number may start at once (a window's count)
local cnew = tonumber(saved[15]) or 0     -- the newest grant whose count was learnt
local cdis = tonumber(saved[16]) or 0     -- 1 once a 429 met a count being spent: counts are not trusted
local clast = tonumber(saved[17]) or 0    -- 1 if the newest grant was let through by a count
local wend = tonumber(saved[18]) or 0     -- the end of the window dated from its first request; 0 unknown
local rat = tonumber(saved[19]) or 0      -- when the newest observed window ends; 0 unknown
local ratu = tonumber(saved[20]) or 0     -- the same, not cut to the longest hold
local rsrc = saved[21] or ''              -- the header that announced it
local swend = tonumber(saved[22]) or 0    -- when a spent window announced to end, uncut; 0 none
local swwhy = tonumber(saved[23]) or 0    -- what is spent: 1 requests, 2 tokens; 0 nothing
local swsrc = saved[24] or ''             -- the header that announced its end

local function int(n)
  return string.format('%d', n)
end

for done in string.gmatch(ARGV[4], '%d+') do
  redis.call('ZREMRANGEBYSCORE', inflight, done, done)
end

local function slowed()
  if slow == 1 then
    return interval
  end
  return math.ceil(interval * slow)
end

local function stretched()
  return suntil > now
end

local function effective()
  if stretched() then
    return math.max(slowed(), sint)
  end
  return slowed()
end

local function tolerance()
  if stretched() then
    return 0
  end
  return (burst - 1) * slowed()
end

local function hold_until(until_time)
  hold = math.max(hold, until_time)
  suntil = now
  tat = math.max(tat, hold + tolerance())
end

-- a server said a window is spent until `ends` (uncut), announced by `source`: a later hold in force is kept
local function spend(ends, why, source)
  if swwhy == 0 or swend <= now or ends > swend then
    swend = ends
    swwhy = why
    swsrc = source
  end
end

local function spent_for()
  if swwhy == 0 or swend <= now then
    return 0
  end
  return swend - now
end

local function has_count()
  return cdis == 0 and granted < cupto
end

-- SlowdownRules, on the shared slow-down
local function lowest_floor()
  return math.max(1, failed * (1 + kept))
end

local function penalise()
  failed = math.max(failed, slow)
  floor = math.min(max_slow, math.max(floor, slow * (1 + learnt)))
  slow = math.min(max_slow, math.max(floor, slow * penalty))
  lint = interval
end

local function recover()
  if failed > 0 then
    floor = math.max(lowest_floor(), floor - probe)
  end
  slow = math.max(floor, slow - step)
end

local function recovering()
  return slow > floor or (failed > 0 and floor > lowest_floor())
end

-- a grant not over after the idle time is taken as over: its process may have died
local function forget_stale_grants()
  for _ = 1, 8 do
    local oldest = redis.call('ZRANGE', inflight, 0, 0)
    if #oldest == 0 then
      return
    end
    local at = tonumber(string.match(oldest[1], ':(%d+)$'))
    if at and at > now - stale then
      return
    end
    redis.call('ZREM', inflight, oldest[1])
  end
end

local function save()
  redis.call('HSET', key, 'tat', int(tat), 'hold', int(hold), 'slow', string.format('%.17g', slow),
    'sint', int(sint), 'suntil', int(suntil), 'ctok', ctok, 'csince', int(csince), 'cuntil', int(cuntil),
    'floor', string.format('%.17g', floor), 'failed', string.format('%.17g', failed), 'lint', int(lint),
    'granted', int(granted), 'gpen', int(gpen), 'cupto', int(cupto), 'cnew', int(cnew), 'cdis', int(cdis),
    'clast', int(clast), 'wend', int(wend), 'rat', int(rat), 'ratu', int(ratu), 'rsrc', rsrc, 'swend', int(swend),
    'swwhy', int(swwhy), 'swsrc', swsrc)
  local last = math.max(tat, hold, suntil, cuntil, wend, rat, spent_for() + now)
  local ttl = math.ceil((last - now) / 1000) + idle_ms
  redis.call('PEXPIRE', key, ttl)
  redis.call('PEXPIRE', inflight, ttl)
end

local function reply(granted_now, wait, start, number, counted)
  local spent = spent_for()
  return {granted_now, math.floor(wait), math.floor(start), math.floor(math.max(0, hold - now)),
    math.floor(slow * 1000000 + 0.5), recovering() and 1 or 0, number or 0, counted and 1 or 0, math.floor(spent),
    spent > 0 and swwhy or 0, spent > 0 and swsrc or ''}
end

if op == 'acquire' then
  local token = ARGV[6]
  local since = tonumber(ARGV[7])
  if since <= 0 then
    since = now
  end
  local grace = tonumber(ARGV[8])
  lead = tonumber(ARGV[10]) or 0
  local horizon = tonumber(ARGV[11]) or 0
  local spent = spent_for()
  if spent > tonumber(ARGV[9]) then
    -- nothing is worth sending before the window's end: the caller fails at once
    return reply(0, spent, swend)
  elseif spent > 0 then
    -- the schedule held only the longest hold: the rest of the window now fits, and is held whole
    hold_until(swend)
  end
  local counting = has_count()
  local start = now
  if counting then
    start = math.max(now, hold)
    if start > now then
      return reply(0, start - now, start)
    end
  else
    local claimed = ctok ~= '' and cuntil >= now
    start = math.max(now, tat - tolerance() - lead, hold)
    if start > now + horizon then
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
  end
  ctok = ''
  csince = 0
  cuntil = 0
  granted = granted + 1
  clast = counting and 1 or 0
  forget_stale_grants()
  redis.call('ZADD', inflight, int(granted), int(granted) .. ':' .. int(start))
  if counting then
    -- a counted start leaves no debt: the next paced start comes at most one interval after it
    tat = math.max(tat, now + effective())
    if not has_count() and rat > now then
      -- the count is spent: the server admits nothing more until its window ends
      hold_until(rat)
      spend(ratu, 1, rsrc)
    end
  else
    tat = math.max(tat, start + lead) + effective()
  end
  save()
  return reply(1, start - now, start, granted, counting)
elseif op == 'sent' then
  local at = tonumber(ARGV[6]) or 0
  if at <= 0 or at > now then
    at = now
  end
  tat = math.max(tat, at + effective())
  save()
  return reply(0, 0, at)
elseif op == 'hold' then
  if tonumber(ARGV[7]) == 1 then
    if granted > gpen then
      -- 429s of requests started before the last slow-down tell nothing new about it
      penalise()
      gpen = granted
    end
    if clast == 1 or has_count() then
      cdis = 1
      cupto = 0
    end
  end
  hold_until(now + tonumber(ARGV[6]))
  save()
  return reply(0, 0, now)
elseif op == 'observe' then
  if tonumber(ARGV[6]) == 1 then
    recover()
  end
  local remaining = tonumber(ARGV[7])
  local reset = tonumber(ARGV[8])
  local number = tonumber(ARGV[10])
  local uncut = -1
  if tonumber(ARGV[14]) >= 0 then
    uncut = now + tonumber(ARGV[14])
  end
  if number > 0 then
    -- its response is here: the server has counted it
    redis.call('ZREMRANGEBYSCORE', inflight, int(number), int(number))
  end
  if remaining >= 0 then
    if number > 0 then
      local dated = tonumber(ARGV[11])
      if dated > 0 then
        wend = dated
      end
      local ends = 0
      if reset >= 0 then
        ends = now + reset
      end
      if wend > now then
        if ends == 0 or ends >= wend then
          ends = wend
        end
        if uncut < 0 or uncut >= wend then
          uncut = wend
        end
      else
        wend = 0
      end
      if ends > 0 then
        ends = math.min(ends, now + tonumber(ARGV[12]))
        rat = ends
        ratu = math.max(ends, uncut)
        rsrc = ARGV[15]
        reset = math.max(0, ends - now)
      end
      if cdis == 0 and number >= cnew then
        -- the older grants still in flight may be counted after this one
        cnew = number
        cupto = number + remaining - redis.call('ZCOUNT', inflight, '-inf', '(' .. int(number))
      end
    end
    if has_count() then
      suntil = now
    elseif remaining <= 0 then
      if reset >= 0 then
        hold_until(now + reset)
        spend(math.max(now + reset, uncut), 1, ARGV[15])
      else
        hold_until(now + interval)
      end
    elseif reset >= 0 and tonumber(ARGV[9]) == 1 then
      -- WindowRules.spacingUntilReset: the remaining starts and the one the reset frees share the time
      local spacing = math.floor(reset / (remaining + 1))
      if spacing > interval then
        sint = spacing
        suntil = now + reset
        tat = math.max(tat, now + sint)
      else
        suntil = now
      end
    end
  end
  local token_hold = tonumber(ARGV[13])
  if token_hold > 0 then
    hold_until(now + token_hold)
    spend(now + math.max(token_hold, tonumber(ARGV[16])), 2, ARGV[17])
  end
  save()
  return reply(0, 0, now)
elseif op == 'rate' then
  if lint ~= 0 and lint ~= interval then
    slow = 1
    floor = 1
    failed = 0
    lint = 0
  end
  save()
  return reply(0, 0, now)
elseif op == 'state' then
  return reply(0, 0, now)
end
return redis.error_reply('unknown pacer operation: ' .. tostring(op))
