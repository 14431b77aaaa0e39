/**
 * Ready-made backoff policies and tier detection. {@link dev.progressivebackoff.backoff.TierAwareExponentialBackoff}
 * is the documented schedule (base delay of the tier × 2^(n−1), six retries) and the default policy;
 * {@link dev.progressivebackoff.backoff.HeaderTierDetector} reads the tier from rate-limit headers. Both
 * are registered for {@link java.util.ServiceLoader}. No logging, no third-party dependencies.
 */
package dev.progressivebackoff.backoff;
