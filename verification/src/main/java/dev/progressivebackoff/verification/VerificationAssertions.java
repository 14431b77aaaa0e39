package dev.progressivebackoff.verification;

/**
 * The entry point of the verification module's AssertJ assertions. Import it statically next to
 * {@code org.assertj.core.api.Assertions.assertThat}: overloads of the same name coexist.
 */
public final class VerificationAssertions {

    private VerificationAssertions() {}

    /** Assertions on a replay's trace: {@code assertThat(trace).waitedSeconds(20, 40).hadAttempts(3)}. */
    public static ReplayTraceAssert assertThat(ReplayTrace actual) {
        return new ReplayTraceAssert(actual);
    }
}
