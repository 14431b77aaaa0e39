/**
 * Micrometer meters for the toolkit: {@link dev.progressivebackoff.micrometer.ProgressiveBackoffMetrics} counts
 * requests, 429s, retries and calls, times every wait (rate-limit, pacer, transport) and gauges the pacer and the
 * connection pool. The meter names and tags are listed in docs/metrics.md.
 */
package dev.progressivebackoff.micrometer;
