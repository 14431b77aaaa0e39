/**
 * Shares one API key's quota across processes and machines through Redis. A
 * {@link dev.progressivebackoff.pacer.redis.RedisPacer} is a {@link dev.progressivebackoff.pacing.Pacer}
 * whose start spacing, cool-downs, 429 slow-down and the floor it leaves, and the counts windows announce
 * live in Redis, under a key made of the endpoint and the API key's fingerprint (never the key), beside the
 * set of the key's requests in flight; one atomic Lua script per acquire updates them on Redis's own clock,
 * and one more per request {@linkplain dev.progressivebackoff.pacer.redis.RedisPermit#markSent() marked sent}.
 * {@link dev.progressivebackoff.pacer.redis.RedisPacers} connects and hands out one pacer per
 * {@link dev.progressivebackoff.pacing.RateLimitKey}. When Redis is unavailable the pacers either
 * stop ({@link dev.progressivebackoff.pacer.redis.RedisFailureMode#STOP}) or pace locally at a conservative
 * share of the quota until it answers again
 * ({@link dev.progressivebackoff.pacer.redis.RedisFailureMode#FALLBACK_LOCAL}); a
 * {@link dev.progressivebackoff.pacer.redis.CoordinationListener} is told either way.
 */
package dev.progressivebackoff.pacer.redis;
