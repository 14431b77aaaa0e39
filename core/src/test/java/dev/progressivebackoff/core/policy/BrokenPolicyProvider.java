package dev.progressivebackoff.core.policy;

/** A test-only provider that cannot even be constructed: it must not hide the others. */
public final class BrokenPolicyProvider implements BackoffPolicyProvider {

    public BrokenPolicyProvider() {
        throw new IllegalStateException("broken on purpose");
    }

    @Override
    public String name() {
        return "test-broken";
    }

    @Override
    public BackoffPolicy create(PolicyOptions options) {
        throw new AssertionError("never constructed");
    }
}
