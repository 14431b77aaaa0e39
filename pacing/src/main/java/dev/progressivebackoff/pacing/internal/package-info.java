/**
 * The pacing machinery behind {@link dev.progressivebackoff.pacing.Pacer}: the GCRA start-time
 * arithmetic ({@link dev.progressivebackoff.pacing.internal.GcraSchedule}), the thread-safe,
 * first-come-first-served pacer built on it ({@link dev.progressivebackoff.pacing.internal.GcraPacer})
 * and the pacer that does nothing. Not an API: use the factories of the parent package.
 */
package dev.progressivebackoff.pacing.internal;
