package dev.progressivebackoff.cli.internal.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.progressivebackoff.core.Tier;
import dev.progressivebackoff.core.retry.AttemptRecord;
import dev.progressivebackoff.core.retry.RetryEvent;
import dev.progressivebackoff.core.signals.ErrorBody;
import dev.progressivebackoff.core.signals.RateLimitSignals;
import dev.progressivebackoff.core.signals.ResponseHeaders;
import dev.progressivebackoff.core.signals.WaitSource;
import dev.progressivebackoff.transport.httpclient5.TransportRetryEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** Client-side counting of attempts and 429s from the events a call ends with, and from transport retries. */
class ClientSideCountsTest {

    private final ClientSideCounts counts = new ClientSideCounts();

    @Test
    void aSuccessAfterRetriesCountsEveryAttemptAndTheRetried429s() {
        // when
        counts.onEvent(new RetryEvent.Succeeded(3, Duration.ofSeconds(1)));
        counts.onEvent(new RetryEvent.Succeeded(1, Duration.ZERO));

        // then
        assertThat(counts.attempts()).isEqualTo(4);
        assertThat(counts.rateLimited()).isEqualTo(2);
    }

    @Test
    void aCallGivenUpOnCountsItsAttemptsAndThoseAnswered429() {
        // when retried once after a 429, then refused with a 400
        counts.onEvent(new RetryEvent.GaveUp(
                "bad request",
                List.of(
                        new AttemptRecord(1, 429, Duration.ofMillis(5), WaitSource.TIER_BACKOFF),
                        new AttemptRecord(2, 400, Duration.ZERO, WaitSource.NONE))));
        // and retries exhausted: three 429s
        counts.onEvent(new RetryEvent.GaveUp(
                "Max retries exceeded",
                List.of(
                        new AttemptRecord(1, 429, Duration.ofMillis(5), WaitSource.TIER_BACKOFF),
                        new AttemptRecord(2, 429, Duration.ofMillis(10), WaitSource.TIER_BACKOFF),
                        new AttemptRecord(3, 429, Duration.ZERO, WaitSource.NONE))));

        // then
        assertThat(counts.attempts()).isEqualTo(5);
        assertThat(counts.rateLimited()).isEqualTo(4);
    }

    @Test
    void aCallEndedByATransportFailureCountsItsUnansweredLastSendToo() {
        // when a 429 was waited out, then the transport got no answer
        counts.onEvent(new RetryEvent.GaveUp(
                "request failed after 1 attempt(s)",
                List.of(
                        new AttemptRecord(1, 429, Duration.ofMillis(5), WaitSource.TIER_BACKOFF),
                        new AttemptRecord(2, 0, Duration.ZERO, WaitSource.NONE)),
                RetryEvent.GaveUp.Cause.TRANSPORT_FAILURE));

        // then
        assertThat(counts.attempts()).isEqualTo(2);
        assertThat(counts.rateLimited()).isEqualTo(1);
    }

    @Test
    void eachTransportRetryIsOneMoreAttemptAndOtherEventsNone() {
        // when
        counts.onRetry(new TransportRetryEvent(1, 5, Duration.ofSeconds(2), OptionalInt.of(503), "HTTP 503", false));
        counts.onEvent(new RetryEvent.Succeeded(1, Duration.ZERO));
        counts.onEvent(new RetryEvent.RateLimited(
                1,
                6,
                Duration.ofMillis(5),
                WaitSource.TIER_BACKOFF,
                Tier.custom(60),
                RateLimitSignals.parse(429, ResponseHeaders.EMPTY, ErrorBody.EMPTY, Instant.EPOCH)));

        // then
        assertThat(counts.attempts()).isEqualTo(2);
        assertThat(counts.rateLimited()).isZero();
    }
}
