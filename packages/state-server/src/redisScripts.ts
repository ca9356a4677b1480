/**
 * The Redis store's operations as Lua scripts (docs/state-store.md §2): each runs atomically, so an
 * acquire, a store-and-release or a delete is never seen half done by another instance. Every item
 * operation takes KEYS = [item, stats, expiry index] and ARGV = [now (epoch ms of the calling
 * instance), grace (ms a Redis TTL outlives the sliding window), …].
 *
 * An item is a hash: d = content, c = lock cookie, l = locked (0/1), a = lock date (epoch ms),
 * t = time-out (minutes), f = extra flags, e = expiry (epoch ms, -1 = never). Its Redis TTL is the
 * sliding window plus `grace`, so Redis drops it by itself even with no instance running; the
 * expiry index (a sorted set by `e`) lets the periodic sweep remove and count expired items first.
 * The stats hash holds the farm-wide counters; a script that changes them returns them.
 *
 * Replies: { status, actionFlags, timeout | false, lockCookie | false, lockDate | false,
 * content | false, stats | false } with stats = HMGET active total timedOut abandoned bytes.
 * (Redis turns a Lua `false` into nil, and `true` into the integer 1.)
 */

const PRELUDE = `
local key, stats, index = KEYS[1], KEYS[2], KEYS[3]
local now = tonumber(ARGV[1])
local grace = tonumber(ARGV[2])
local changed = false

local function stat(field, by)
  if by ~= 0 then
    redis.call('HINCRBY', stats, field, by)
    changed = true
  end
end

local function touch(timeout)
  if timeout == 0 then
    redis.call('HSET', key, 'e', -1)
    redis.call('PERSIST', key)
    redis.call('ZREM', index, key)
  else
    local window = timeout * 60000
    local e = now + window
    redis.call('HSET', key, 'e', e)
    redis.call('PEXPIRE', key, window + grace)
    redis.call('ZADD', index, e, key)
  end
end

local function drop()
  local length = redis.call('HSTRLEN', key, 'd')
  redis.call('DEL', key)
  redis.call('ZREM', index, key)
  stat('active', -1)
  stat('bytes', -length)
end

-- The live item with its sliding window renewed, or nil (an expired one is removed and counted).
local function lookup()
  local v = redis.call('HMGET', key, 't', 'e', 'l', 'c', 'a', 'f')
  if not v[1] then return nil end
  local e = tonumber(v[2])
  if e >= 0 and now >= e then
    drop()
    stat('timedOut', 1)
    return nil
  end
  local item = { t = tonumber(v[1]), l = v[3] == '1', c = tonumber(v[4]), a = tonumber(v[5]), f = tonumber(v[6]) }
  touch(item.t)
  return item
end

local function reply(status, action, timeout, cookie, lockDate, data)
  local s = false
  if changed then s = redis.call('HMGET', stats, 'active', 'total', 'timedOut', 'abandoned', 'bytes') end
  return { status, action, timeout or false, cookie or false, lockDate or false, data or false, s }
end
`;

/**
 * The GET script with `content` as the Lua expression that yields the reply's content: the item's
 * `d` itself, or `true` for "read it beside the script" (GET_LOCK_SCRIPT).
 * ARGV[3]: 0 = Get, 1 = GetExclusive, 2 = ReleaseExclusive; ARGV[4]: the release's cookie, -1 =
 * absent or invalid.
 */
function getScript(content: string): string {
  return `${PRELUDE}
local item = lookup()
if not item then return reply(404, 0) end
local action = 0
if bit.band(item.f, 1) ~= 0 then
  -- Only the first reader is told to initialize the item.
  redis.call('HSET', key, 'f', bit.band(item.f, -2))
  action = 1
end
local mode = ARGV[3]
if mode == '2' then
  local cookie = tonumber(ARGV[4])
  if cookie < 0 then return reply(400, action) end
  if not item.l then return reply(200, action) end
  if cookie ~= item.c then return reply(423, action, false, item.c, item.a) end
  redis.call('HSET', key, 'l', 0)
  return reply(200, action)
end
if item.l then return reply(423, action, false, item.c, item.a) end
local data = ${content}
if mode == '1' then
  local cookie = item.c + 1
  if item.c >= 2147483646 then cookie = 2 end
  redis.call('HSET', key, 'l', 1, 'a', now, 'c', cookie)
  return reply(200, action, item.t, cookie, false, data)
end
return reply(200, action, item.t, false, false, data)
`;
}

/** Get, GetExclusive and ReleaseExclusive, the content in the reply. */
export const GET_SCRIPT = getScript("redis.call('HGET', key, 'd')");

/**
 * The same without the content: where GET_SCRIPT replies the content, this replies `true` (1), and
 * the caller reads `d` with HGET right after it in the same MULTI/EXEC — atomic all the same, and a
 * large content goes from Redis to the socket without becoming a Lua string (docs/state-store.md §6).
 */
export const GET_LOCK_SCRIPT = getScript('true');

/** ARGV[3] time-out, ARGV[4] extra flags, ARGV[5] cookie (-1 absent, -2 invalid), ARGV[6] content. */
export const PUT_SCRIPT = `${PRELUDE}
local timeout = tonumber(ARGV[3])
local flags = tonumber(ARGV[4])
local cookie = tonumber(ARGV[5])
local body = ARGV[6]
local item = lookup()
if not item then
  redis.call('HSET', key, 'd', body, 'c', 1, 'l', 0, 'a', 0, 't', timeout, 'f', flags)
  touch(timeout)
  stat('total', 1)
  stat('active', 1)
  stat('bytes', #body)
  return reply(200, 0)
end
-- Never overwrite a real session with a placeholder.
if bit.band(flags, 1) ~= 0 then return reply(200, 0) end
if cookie == -2 then return reply(400, 0) end
if item.l and cookie ~= item.c then return reply(423, 0, false, item.c, item.a) end
local old = redis.call('HSTRLEN', key, 'd')
redis.call('HSET', key, 'd', body, 'l', 0)
stat('bytes', #body - old)
if item.t ~= timeout then
  -- A new time-out: a new sliding window and the request's flags; the cookie counter is kept.
  redis.call('HSET', key, 't', timeout, 'f', flags)
  touch(timeout)
end
return reply(200, 0)
`;

/** ARGV[3]: cookie (-1 absent, -2 invalid). */
export const DELETE_SCRIPT = `${PRELUDE}
local cookie = tonumber(ARGV[3])
local item = lookup()
if not item then return reply(404, 0) end
if cookie == -2 then return reply(400, 0) end
if item.l and cookie ~= item.c then return reply(423, 0, false, item.c, item.a) end
drop()
stat('abandoned', 1)
return reply(200, 0)
`;

export const HEAD_SCRIPT = `${PRELUDE}
if not lookup() then return reply(404, 0) end
return reply(200, 0)
`;

/**
 * KEYS = [unused, stats, expiry index], ARGV = [now, grace, limit]: removes up to `limit` expired
 * items; replies { removed, examined, stats | false }. An item whose Redis TTL ran out first (no
 * instance swept in time) is counted as timed out; its bytes were already gone from Redis.
 */
export const SWEEP_SCRIPT = `${PRELUDE}
local due = redis.call('ZRANGEBYSCORE', index, '-inf', now, 'LIMIT', 0, tonumber(ARGV[3]))
local removed = 0
for _, k in ipairs(due) do
  local e = redis.call('HGET', k, 'e')
  if not e then
    redis.call('ZREM', index, k)
    stat('active', -1)
    stat('timedOut', 1)
    removed = removed + 1
  elseif tonumber(e) < 0 then
    redis.call('ZREM', index, k)
  elseif now >= tonumber(e) then
    local length = redis.call('HSTRLEN', k, 'd')
    redis.call('DEL', k)
    redis.call('ZREM', index, k)
    stat('active', -1)
    stat('bytes', -length)
    stat('timedOut', 1)
    removed = removed + 1
  else
    redis.call('ZADD', index, tonumber(e), k)
  end
end
local s = false
if changed then s = redis.call('HMGET', stats, 'active', 'total', 'timedOut', 'abandoned', 'bytes') end
return { removed, #due, s }
`;

/**
 * KEYS = [instances, stats], ARGV = [now, instance id, window ms]: this instance checks in; replies
 * { instances seen within the window, stats }.
 */
export const HEARTBEAT_SCRIPT = `
local now = tonumber(ARGV[1])
redis.call('ZADD', KEYS[1], now, ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - tonumber(ARGV[3]))
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[3]) * 6)
return { redis.call('ZCARD', KEYS[1]), redis.call('HMGET', KEYS[2], 'active', 'total', 'timedOut', 'abandoned', 'bytes') }
`;
