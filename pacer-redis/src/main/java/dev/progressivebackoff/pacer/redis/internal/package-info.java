/**
 * The machinery behind {@link dev.progressivebackoff.pacer.redis.RedisPacer}: the Lua script and its
 * operations, the shared Redis connection with its availability and probing, and the per-process
 * concurrency gate. Not an API: use the parent package.
 */
package dev.progressivebackoff.pacer.redis.internal;
