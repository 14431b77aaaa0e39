/**
 * The pacing machinery behind {@link dev.progressivebackoff.backoff.pacing.Pacer}: the GCRA start-time
 * arithmetic ({@link dev.progressivebackoff.backoff.pacing.internal.GcraSchedule}), the thread-safe,
 * first-come-first-served pacer built on it ({@link dev.progressivebackoff.backoff.pacing.internal.GcraPacer})
 * and the pacer that does nothing. Not an API: use the factories of the parent package.
 */
package dev.progressivebackoff.backoff.pacing.internal;
