package dev.progressivebackoff.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class PolicyOptionsTest {

    @Test
    void defaultsToTheDocumentedSchedule() {
        PolicyOptions defaults = PolicyOptions.DEFAULTS;

        assertThat(defaults.maxRetries()).isEqualTo(6);
        assertThat(defaults.factor()).isEqualTo(2.0);
        assertThat(defaults.maxComputedWait()).isEmpty();
        assertThat(defaults.jitter()).isEqualTo(Jitter.NONE);
        assertThat(defaults.spreadServerHints()).isFalse();
    }

    @Test
    void copiesChangeOnlyWhatTheySay() {
        // given
        RandomGenerator random = () -> 42L;

        // when
        PolicyOptions options = PolicyOptions.DEFAULTS
                .withMaxRetries(3)
                .withFactor(1.5)
                .withMaxComputedWait(Duration.ofSeconds(60))
                .withJitter(Jitter.EQUAL, random)
                .withSpreadServerHints(true);

        // then
        assertThat(options)
                .isEqualTo(new PolicyOptions(3, 1.5, Optional.of(Duration.ofSeconds(60)), Jitter.EQUAL, true, random));
        assertThat(PolicyOptions.DEFAULTS.maxRetries()).isEqualTo(6);
    }

    @Test
    void rejectsInvalidValues() {
        assertThatThrownBy(() -> PolicyOptions.DEFAULTS.withMaxRetries(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxRetries");
        for (double factor : new double[] {0.5, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertThatThrownBy(() -> PolicyOptions.DEFAULTS.withFactor(factor))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("factor");
        }
        assertThatThrownBy(() -> PolicyOptions.DEFAULTS.withMaxComputedWait(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxComputedWait");
        assertThatThrownBy(() -> PolicyOptions.DEFAULTS.withJitter(Jitter.FULL, null))
                .isInstanceOf(NullPointerException.class);
    }

    @Test
    void allowsZeroRetries() {
        assertThat(PolicyOptions.DEFAULTS.withMaxRetries(0).maxRetries()).isZero();
    }

    @Test
    void theDefaultRandomSourceServesEveryThreadFromItsOwnGenerator() throws Exception {
        // given
        RandomGenerator shared = PolicyOptions.DEFAULTS.random();
        Callable<Double> draw = shared::nextDouble;
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            // when
            Future<Double> one = pool.submit(draw);
            Future<Double> two = pool.submit(draw);

            // then
            assertThat(one.get()).isBetween(0.0, 1.0).isNotEqualTo(1.0);
            assertThat(two.get()).isBetween(0.0, 1.0).isNotEqualTo(1.0);
        } finally {
            pool.shutdownNow();
        }
        assertThat(shared).isSameAs(PolicyOptions.THREAD_LOCAL_RANDOM);
    }
}
