package dev.progressivebackoff.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.progressivebackoff.core.TierCatalog;
import dev.progressivebackoff.core.retry.AttemptRecord;
import dev.progressivebackoff.core.retry.RetriesExhaustedException;
import dev.progressivebackoff.core.retry.RetryEvent;
import dev.progressivebackoff.core.signals.Classification;
import dev.progressivebackoff.core.signals.ErrorBody;
import dev.progressivebackoff.core.signals.RateLimitSignals;
import dev.progressivebackoff.core.signals.ResponseKind;
import dev.progressivebackoff.core.signals.ServerHint;
import dev.progressivebackoff.core.signals.WaitSource;
import dev.progressivebackoff.transport.httpclient5.TransportRetryEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class RetryLogLinesTest {

    private static final TierCatalog CATALOG = TierCatalog.moonshot();

    @Test
    void aTierBackoffWaitNamesTheTierAndItsBase() {
        RetryEvent event = new RetryEvent.RateLimited(
                1, 6, Duration.ofSeconds(20), WaitSource.TIER_BACKOFF, CATALOG.require("free"), signals(List.of()));

        assertThat(RetryLogLines.of(event))
                .hasValue(
                        "[TeacherClient] Rate limited (429), waiting 20.0s before retry 1/6 (tier: free, base: 20.0s)");
    }

    @Test
    void aServerHintNamesItsSourceAndRawValueInsteadOfTheTierFormula() {
        RetryEvent event = new RetryEvent.RateLimited(
                1,
                6,
                Duration.ofSeconds(5),
                WaitSource.RETRY_AFTER,
                CATALOG.require("free"),
                signals(List.of(new ServerHint(Duration.ofSeconds(5), WaitSource.RETRY_AFTER, "5"))));

        assertThat(RetryLogLines.of(event))
                .hasValue(
                        "[TeacherClient] Rate limited (429), waiting 5.0s before retry 1/6 (retry-after: 5, tier: free)");
    }

    @Test
    void tierDetectionUsesTheDocumentedForm() {
        RetryEvent event = new RetryEvent.TierDetected(CATALOG.require("tier1"), Optional.empty(), "x");

        assertThat(RetryLogLines.of(event)).hasValue("[TeacherClient] Detected tier: tier1 (RPM: 200, delay: 0.3s)");
    }

    @Test
    void givingUpCountsAttemptsAndGivesTheReason() {
        List<AttemptRecord> attempts =
                Collections.nCopies(7, new AttemptRecord(1, 429, Duration.ZERO, WaitSource.NONE));
        RetryEvent event = new RetryEvent.GaveUp(RetriesExhaustedException.MESSAGE, attempts);

        assertThat(RetryLogLines.of(event))
                .hasValue(
                        "[TeacherClient] Gave up after 7 attempts: Max retries exceeded (after proper tier-aware backoff)");
    }

    @Test
    void aFirstTrySuccessIsNotLogged() {
        assertThat(RetryLogLines.of(new RetryEvent.Succeeded(1, Duration.ZERO))).isEmpty();
        assertThat(RetryLogLines.of(new RetryEvent.Succeeded(2, Duration.ofSeconds(20))))
                .hasValue("[TeacherClient] Succeeded after 2 attempts (waited 20.0s)");
    }

    @Test
    void transportRetriesSayWhatFailedAndHowLongTheyWait() {
        assertThat(RetryLogLines.of(
                        new TransportRetryEvent(1, 5, Duration.ofSeconds(2), OptionalInt.of(503), "HTTP 503", false)))
                .isEqualTo("[TeacherClient] Server error (HTTP 503), waiting 2.0s before transport retry 1/5");
        assertThat(RetryLogLines.of(new TransportRetryEvent(
                        2, 5, Duration.ofSeconds(4), OptionalInt.empty(), "SocketException: Connection reset", false)))
                .isEqualTo("[TeacherClient] Request error (SocketException: Connection reset), waiting 4.0s "
                        + "before transport retry 2/5");
    }

    private static RateLimitSignals signals(List<ServerHint> hints) {
        return new RateLimitSignals(
                429,
                Instant.EPOCH,
                hints,
                Optional.empty(),
                OptionalLong.empty(),
                Optional.empty(),
                Optional.empty(),
                OptionalLong.empty(),
                Optional.empty(),
                Optional.empty(),
                ErrorBody.EMPTY,
                new Classification(ResponseKind.RATE_LIMITED, "rate limited"));
    }
}
