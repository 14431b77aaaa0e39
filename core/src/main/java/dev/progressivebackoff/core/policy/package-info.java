/**
 * The extension points: a {@link dev.progressivebackoff.core.policy.BackoffPolicy} turns a retry
 * context into a decision, a {@link dev.progressivebackoff.core.policy.TierDetector} turns signals into
 * a tier. Both are discovered with {@link java.util.ServiceLoader} and chosen by name through
 * {@link dev.progressivebackoff.core.policy.BackoffPolicies} and
 * {@link dev.progressivebackoff.core.policy.TierDetectors}.
 */
package dev.progressivebackoff.core.policy;
