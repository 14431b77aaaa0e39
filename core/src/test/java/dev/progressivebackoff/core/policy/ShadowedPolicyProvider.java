package dev.progressivebackoff.core.policy;

/** A test-only provider registered after {@link FixedDelayPolicyProvider} under the same name: it must lose. */
public final class ShadowedPolicyProvider implements BackoffPolicyProvider {

    @Override
    public String name() {
        return FixedDelayPolicyProvider.NAME;
    }

    @Override
    public BackoffPolicy create(PolicyOptions options) {
        throw new AssertionError("the first provider of a name wins");
    }
}
