/**
 * Proactive pacing: a {@link dev.progressivebackoff.pacing.Pacer} spaces the starts of the requests
 * that share one {@link dev.progressivebackoff.pacing.RateLimitKey} at the tier's rate, caps how many
 * are in flight at the tier's concurrency, learns from {@code remaining}/{@code reset} headers and, after a
 * 429, holds every request on the key until the cool-down ends. A
 * {@link dev.progressivebackoff.pacing.PacerRegistry} owns one pacer per key and is shared by every
 * thread and client of the process; {@link dev.progressivebackoff.pacing.Pacer#none()} restores the
 * purely reactive behaviour. Time is read from a {@link dev.progressivebackoff.core.TimeSource} and waits go
 * through a {@link dev.progressivebackoff.core.Sleeper}, so the whole package runs on a simulated clock.
 */
package dev.progressivebackoff.pacing;
