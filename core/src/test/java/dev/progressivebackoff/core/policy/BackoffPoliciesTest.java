package dev.progressivebackoff.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.URL;
import java.net.URLClassLoader;
import org.junit.jupiter.api.Test;

class BackoffPoliciesTest {

    @Test
    void findsATestOnlyProviderByNameThroughServiceLoader() {
        // when
        BackoffPolicy policy =
                BackoffPolicies.load().create("test-fixed-delay", PolicyOptions.DEFAULTS.withMaxRetries(4));

        // then
        assertThat(policy).isEqualTo(new FixedDelayPolicyProvider.FixedDelay(4));
        assertThat(policy.maxRetries()).isEqualTo(4);
    }

    @Test
    void keepsTheFirstProviderOfAName() {
        // when
        BackoffPolicy policy = BackoffPolicies.load().create("test-fixed-delay", PolicyOptions.DEFAULTS);

        // then the shadowed provider, registered later under the same name, was never asked
        assertThat(policy).isInstanceOf(FixedDelayPolicyProvider.FixedDelay.class);
    }

    @Test
    void reportsABrokenProviderWithoutHidingTheOthers() {
        // when
        BackoffPolicies policies = BackoffPolicies.load();

        // then
        assertThat(policies.names()).containsExactly("test-fixed-delay");
        assertThat(policies.loadErrors()).singleElement().asString().contains("BrokenPolicyProvider");
    }

    @Test
    void namesTheKnownPoliciesWhenAskedForAnUnknownOne() {
        // when
        UnknownProviderException unknown = catchThrowableOfType(
                UnknownProviderException.class,
                () -> BackoffPolicies.load().create("fibonacci", PolicyOptions.DEFAULTS));

        // then
        assertThat(unknown).hasMessage("unknown backoff policy 'fibonacci'; known: test-fixed-delay");
        assertThat(unknown.requested()).isEqualTo("fibonacci");
        assertThat(unknown.known()).containsExactly("test-fixed-delay");
    }

    @Test
    void failsClearlyForTheDefaultWhenNoModuleProvidesIt() {
        // when the backoff module is not on the class path
        UnknownProviderException unknown = catchThrowableOfType(
                UnknownProviderException.class, () -> BackoffPolicies.load().createDefault(PolicyOptions.DEFAULTS));

        // then
        assertThat(unknown.requested()).isEqualTo(BackoffPolicies.DEFAULT_NAME);
        assertThat(unknown).hasMessageContaining("'tier-aware-exponential'");
    }

    @Test
    void saysSoWhenNoProviderIsVisibleAtAll() throws Exception {
        // given a class loader that sees only the JDK
        try (URLClassLoader empty = new URLClassLoader(new URL[0], null)) {
            // when
            BackoffPolicies policies = BackoffPolicies.load(empty);

            // then
            assertThat(policies.names()).isEmpty();
            assertThat(catchThrowableOfType(
                            UnknownProviderException.class, () -> policies.create("anything", PolicyOptions.DEFAULTS)))
                    .hasMessage("unknown backoff policy 'anything'; known: (none)");
        }
    }
}
