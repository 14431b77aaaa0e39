-- The shared token budget of one rate-limit key, updated atomically: a sliding log of the tokens each start
-- reserved (its estimate, settled to its usage), at most the per-window budget in any window, and the extra
-- count a server's remaining-tokens header revealed. The local TokenBudget's rules, with every process of the
-- key sharing one log. Times are the Redis server clock in microseconds (TIME).
--
-- KEYS[1]  the hash of the budget: used (tokens in the window), corr and cuntil (the server's extra count and
--          until when it holds), seq (the newest reservation's number)
-- KEYS[2]  the sorted set of reservations in the window (score: when counted from; member: number)
-- KEYS[3]  the hash of each reservation's tokens (field: number)
-- KEYS[4]  the hash of a spent day: until (when its quota resets) and why; it expires at the reset
-- ARGV[1]  operation: reserve | settle | sent | observe | dayspent
-- ARGV[2]  the per-window budget, tokens
-- ARGV[3]  the window, microseconds
-- reserve: ARGV[4] the estimate: reserved now when it fits, else the reply says how long until it does; while
--          the day is spent nothing is reserved and the reply is {2, wait until the reset, 0, 0, why}; with no
--          budget or no tokens, nothing is reserved (reply {1, 0, 0, used})
-- settle:  ARGV[4] the reservation, ARGV[5] the tokens its usage reported
-- sent:    ARGV[4] the reservation: its request goes on the wire now, the server counts it from now
-- observe: ARGV[4] the server's remaining tokens, ARGV[5] its reset (microseconds)
-- dayspent: ARGV[4] how long until the day's quota resets (microseconds), ARGV[5] why it is known spent
--
-- Returns {reserved (1 or 0; 2: the day is spent), wait in microseconds, reservation number (0 when none), tokens
-- in the window}, and why the day is spent when it is.

local budget = KEYS[1]
local log = KEYS[2]
local amounts = KEYS[3]
local day = KEYS[4]
local op = ARGV[1]
local per_window = tonumber(ARGV[2])
local window = tonumber(ARGV[3])

local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000000 + tonumber(clock[2])

local saved = redis.call('HMGET', budget, 'used', 'corr', 'cuntil', 'seq')
local used = tonumber(saved[1]) or 0
local corr = tonumber(saved[2]) or 0
local cuntil = tonumber(saved[3]) or 0
local seq = tonumber(saved[4]) or 0

local function int(n)
  return string.format('%d', n)
end

-- reservations counted from a window ago or earlier have left it
local function expire()
  local gone = redis.call('ZRANGEBYSCORE', log, '-inf', '(' .. int(now - window + 1))
  for _, number in ipairs(gone) do
    used = used - (tonumber(redis.call('HGET', amounts, number)) or 0)
    redis.call('HDEL', amounts, number)
  end
  if #gone > 0 then
    redis.call('ZREMRANGEBYSCORE', log, '-inf', '(' .. int(now - window + 1))
  end
  if used < 0 or redis.call('ZCARD', log) == 0 then
    used = 0
  end
end

local function corrected()
  if now < cuntil then
    return corr
  end
  return 0
end

local function save()
  redis.call('HSET', budget, 'used', int(used), 'corr', int(corr), 'cuntil', int(cuntil), 'seq', int(seq))
  local ttl = math.ceil(math.max(window, cuntil - now) / 1000) + 60000
  redis.call('PEXPIRE', budget, ttl)
  redis.call('PEXPIRE', log, ttl)
  redis.call('PEXPIRE', amounts, ttl)
end

-- when enough of the oldest reservations (and the server's extra count, at its end) have left to free excess
local function freed_at(excess)
  local extra = corrected()
  local freed = 0
  local oldest = redis.call('ZRANGE', log, 0, -1, 'WITHSCORES')
  for i = 1, #oldest, 2 do
    local leaves = tonumber(oldest[i + 1]) + window
    if extra > 0 and cuntil <= leaves then
      freed = freed + extra
      extra = 0
      if freed >= excess then
        return cuntil
      end
    end
    freed = freed + (tonumber(redis.call('HGET', amounts, oldest[i])) or 0)
    if freed >= excess then
      return leaves
    end
  end
  if extra > 0 and freed + extra >= excess then
    return cuntil
  end
  return now + window
end

expire()
if op == 'reserve' then
  local spent_until = tonumber(redis.call('HGET', day, 'until'))
  if spent_until and spent_until > now then
    return {2, spent_until - now, 0, 0, redis.call('HGET', day, 'why') or ''}
  end
  local tokens = tonumber(ARGV[4])
  if per_window <= 0 or tokens <= 0 then
    return {1, 0, 0, used}
  end
  local excess = used + corrected() + tokens - per_window
  if excess > 0 then
    save()
    return {0, math.max(1, freed_at(excess) - now), 0, used}
  end
  seq = seq + 1
  redis.call('ZADD', log, int(now), int(seq))
  redis.call('HSET', amounts, int(seq), int(tokens))
  used = used + tokens
  save()
  return {1, 0, seq, used}
elseif op == 'settle' then
  local number = ARGV[4]
  local before = tonumber(redis.call('HGET', amounts, number))
  if before then
    local after = math.max(0, tonumber(ARGV[5]))
    redis.call('HSET', amounts, number, int(after))
    used = used + after - before
  end
  save()
  return {0, 0, 0, used}
elseif op == 'sent' then
  redis.call('ZADD', log, 'XX', 'GT', int(now), ARGV[4])
  save()
  return {0, 0, 0, used}
elseif op == 'observe' then
  local missing = per_window - tonumber(ARGV[4]) - used
  if missing > 0 then
    corr = missing
    cuntil = now + math.max(0, math.min(tonumber(ARGV[5]), window))
  elseif now < cuntil then
    corr = 0
  end
  save()
  return {0, 0, 0, used}
elseif op == 'dayspent' then
  -- a later reset already known is kept; the key expires at the reset, on this clock
  local resets = now + math.max(1, tonumber(ARGV[4]))
  if resets > (tonumber(redis.call('HGET', day, 'until')) or 0) then
    redis.call('HSET', day, 'until', int(resets), 'why', ARGV[5])
    redis.call('PEXPIREAT', day, int(math.ceil(resets / 1000)))
  end
  return {0, 0, 0, used}
end
return redis.error_reply('unknown token operation: ' .. tostring(op))
