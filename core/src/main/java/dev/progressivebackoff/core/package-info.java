/**
 * The toolkit's value types and seams: {@link dev.progressivebackoff.core.Tier} and
 * {@link dev.progressivebackoff.core.TierCatalog} describe rate-limit levels, and
 * {@link dev.progressivebackoff.core.TimeSource} and {@link dev.progressivebackoff.core.Sleeper}
 * are the only way library code reads time or waits, so a simulated clock can replace both.
 * This module has no runtime dependencies and does not log.
 */
package dev.progressivebackoff.core;
