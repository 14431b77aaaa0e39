package dev.progressivebackoff.transport.httpclient5.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.failsafe.Execution;
import dev.progressivebackoff.core.SystemTimeSource;
import dev.progressivebackoff.core.signals.ResponseHeaders;
import java.io.IOException;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TransportRetryPolicyTest {

    private static final Set<Integer> STATUSES = Set.of(500, 502, 503, 504);

    private static TransportRetryPolicy policy(int maxRetries, double factor) {
        return new TransportRetryPolicy(
                maxRetries,
                factor,
                STATUSES,
                Duration.ofSeconds(120),
                Duration.ofSeconds(900),
                SystemTimeSource.INSTANCE);
    }

    private static RawResponse response(int status) {
        return new RawResponse(status, ResponseHeaders.EMPTY, new byte[0], StandardCharsets.UTF_8);
    }

    @Test
    void computedWaitsAreFactorTimesTwoToTheNMinusOneCappedAt120Seconds() {
        TransportRetryPolicy policy = policy(10, 2.0);

        assertThat(java.util.stream.IntStream.rangeClosed(1, 8)
                        .mapToObj(policy::computedDelay)
                        .toList())
                .containsExactly(
                        Duration.ofSeconds(2),
                        Duration.ofSeconds(4),
                        Duration.ofSeconds(8),
                        Duration.ofSeconds(16),
                        Duration.ofSeconds(32),
                        Duration.ofSeconds(64),
                        Duration.ofSeconds(120),
                        Duration.ofSeconds(120));
        assertThat(policy(5, 0.5).computedDelay(1)).isEqualTo(Duration.ofMillis(500));
        assertThat(policy(5, 0).computedDelay(3)).isEqualTo(Duration.ZERO);
    }

    @Test
    void failsafeDecidesRetriesAndDelaysWithoutSleeping() {
        // given
        Execution<RawResponse> execution = policy(5, 2.0).newExecution();

        // when: 503, reset, 502, then 200
        execution.recordResult(response(503));
        Duration first = execution.getDelay();
        execution.recordException(new SocketException("Connection reset"));
        Duration second = execution.getDelay();
        execution.recordResult(response(502));
        Duration third = execution.getDelay();
        boolean doneBeforeSuccess = execution.isComplete();
        execution.recordResult(response(200));

        // then
        assertThat(doneBeforeSuccess).isFalse();
        assertThat(execution.isComplete()).isTrue();
        assertThat(execution.getLastResult().status()).isEqualTo(200);
        assertThat(java.util.List.of(first, second, third))
                .containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(8));
    }

    @Test
    void stopsAfterMaxRetries() {
        Execution<RawResponse> execution = policy(5, 2.0).newExecution();
        int attempts = 0;
        while (!execution.isComplete()) {
            attempts++;
            execution.recordResult(response(500));
        }
        assertThat(attempts).isEqualTo(6);
    }

    @Test
    void doesNotRetry429Or4xxOrOtherExceptions() {
        for (int status : new int[] {200, 400, 401, 404, 429}) {
            Execution<RawResponse> execution = policy(5, 2.0).newExecution();
            execution.recordResult(response(status));
            assertThat(execution.isComplete()).as("status %d", status).isTrue();
        }
        Execution<RawResponse> execution = policy(5, 2.0).newExecution();
        execution.recordException(new IllegalStateException("not I/O"));
        assertThat(execution.isComplete()).isTrue();
        Execution<RawResponse> io = policy(5, 2.0).newExecution();
        io.recordException(new IOException("I/O"));
        assertThat(io.isComplete()).isFalse();
    }

    @Test
    void refuses429AsATransportRetryStatus() {
        assertThatThrownBy(() -> new TransportRetryPolicy(
                        5,
                        2.0,
                        Set.of(429, 503),
                        Duration.ofSeconds(120),
                        Duration.ofSeconds(900),
                        SystemTimeSource.INSTANCE))
                .hasMessageContaining("429 is handled by the rate-limit loop");
    }
}
