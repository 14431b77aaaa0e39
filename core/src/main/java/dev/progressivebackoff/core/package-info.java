/**
 * The toolkit's value types and seams: {@link dev.progressivebackoff.core.Tier} and
 * {@link dev.progressivebackoff.core.TierCatalog} describe rate-limit levels, and
 * {@link dev.progressivebackoff.core.TimeSource} and {@link dev.progressivebackoff.core.Sleeper}
 * are the only way library code reads time or waits, so a simulated clock can replace both.
 * {@link dev.progressivebackoff.core.ListenerErrorHandler} states the one rule every listener the toolkit
 * calls follows (one that throws never changes the outcome of the call), and
 * {@link dev.progressivebackoff.core.Listeners} applies it.
 * This module has no runtime dependencies and does not log.
 */
package dev.progressivebackoff.core;
