package dev.progressivebackoff.core.policy;

/**
 * Makes a {@link BackoffPolicy} available by name. List implementations in
 * {@code META-INF/services/dev.progressivebackoff.core.policy.BackoffPolicyProvider}.
 */
public interface BackoffPolicyProvider {

    /** The name users select it by, e.g. {@code tier-aware-exponential}; lower case, no blanks. */
    String name();

    /** A policy configured with {@code options}. */
    BackoffPolicy create(PolicyOptions options);
}
