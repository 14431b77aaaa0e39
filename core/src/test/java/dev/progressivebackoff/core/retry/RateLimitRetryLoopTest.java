package dev.progressivebackoff.core.retry;

import static dev.progressivebackoff.core.retry.TestSignals.ok;
import static dev.progressivebackoff.core.retry.TestSignals.rateLimited;
import static dev.progressivebackoff.core.retry.TestSignals.rateLimitedWithHint;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.progressivebackoff.core.Tier;
import dev.progressivebackoff.core.policy.BackoffDecision;
import dev.progressivebackoff.core.policy.BackoffPolicy;
import dev.progressivebackoff.core.policy.RetryContext;
import dev.progressivebackoff.core.signals.ErrorBody;
import dev.progressivebackoff.core.signals.ResponseKind;
import dev.progressivebackoff.core.signals.WaitSource;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RateLimitRetryLoopTest {

    private static final Tier FREE = Tier.of("free", 3, 1);
    private static final List<Duration> FREE_SCHEDULE = List.of(
            Duration.ofSeconds(20),
            Duration.ofSeconds(40),
            Duration.ofSeconds(80),
            Duration.ofSeconds(160),
            Duration.ofSeconds(320),
            Duration.ofSeconds(640));

    private final FakeTime time = new FakeTime();
    private final List<RetryEvent> events = new ArrayList<>();

    @AfterEach
    void clearInterruptFlag() {
        Thread.interrupted();
    }

    @Test
    void returnsAFirstTrySuccessWithoutWaiting() {
        // given
        ScriptedExchange exchange = ScriptedExchange.answering(ok());

        // when
        String value = loop(DoublingTestPolicy.withMaxRetries(6)).execute(exchange);

        // then
        assertThat(value).isEqualTo("done #1");
        assertThat(exchange.attempts()).containsExactly(1);
        assertThat(time.sleeps()).isEmpty();
        assertThat(events).containsExactly(new RetryEvent.Succeeded(1, Duration.ZERO));
    }

    @Test
    void waitsTheScheduleAfter429sThenReturnsTheValue() {
        // given
        ScriptedExchange exchange = ScriptedExchange.answering(rateLimited(), rateLimited(), ok());

        // when
        String value = loop(DoublingTestPolicy.withMaxRetries(6)).execute(exchange);

        // then
        assertThat(value).isEqualTo("done #3");
        assertThat(exchange.attempts()).containsExactly(1, 2, 3);
        assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(20), Duration.ofSeconds(40));
        assertThat(events).last().isEqualTo(new RetryEvent.Succeeded(3, Duration.ofSeconds(60)));
    }

    @Test
    void throwsRetriesExhaustedWithEveryAttemptAfterTheLastRetry() {
        // given
        ScriptedExchange exchange = ScriptedExchange.answering(rateLimited());

        // when
        RetriesExhaustedException exhausted = catchThrowableOfType(
                RetriesExhaustedException.class,
                () -> loop(DoublingTestPolicy.withMaxRetries(6)).execute(exchange));

        // then
        // a policy other than the documented one names itself (the default keeps the documented message)
        assertThat(exhausted).hasMessage("Max retries exceeded (after 6 retries of DoublingTestPolicy)");
        assertThat(exchange.attempts()).containsExactly(1, 2, 3, 4, 5, 6, 7);
        assertThat(time.sleeps()).containsExactlyElementsOf(FREE_SCHEDULE);
        assertThat(time.elapsed()).isEqualTo(Duration.ofSeconds(1_260));
        assertThat(exhausted.attempts())
                .hasSize(7)
                .allSatisfy(a -> assertThat(a.status()).isEqualTo(429));
        assertThat(exhausted.attempts()).extracting(AttemptRecord::attempt).containsExactly(1, 2, 3, 4, 5, 6, 7);
        assertThat(exhausted.attempts().subList(0, 6))
                .extracting(AttemptRecord::delay)
                .containsExactlyElementsOf(FREE_SCHEDULE);
        assertThat(exhausted.attempts().subList(0, 6))
                .extracting(AttemptRecord::source)
                .containsOnly(WaitSource.TIER_BACKOFF);
        assertThat(exhausted.attempts().get(6)).isEqualTo(new AttemptRecord(7, 429, Duration.ZERO, WaitSource.NONE));
        assertThat(exhausted.lastStatus()).isEqualTo(429);
    }

    @Test
    void neverAsksThePolicyBeyondItsMaxRetries() {
        // given
        DoublingTestPolicy policy = DoublingTestPolicy.withMaxRetries(2);

        // when
        assertThatThrownBy(() -> loop(policy).execute(ScriptedExchange.answering(rateLimited())))
                .isInstanceOf(RetriesExhaustedException.class);

        // then
        assertThat(policy.asked()).extracting(RetryContext::retry).containsExactly(1, 2);
        assertThat(time.sleeps()).hasSize(2);
    }

    @Test
    void givesUpWithThePolicysOwnReason() {
        // given a policy that stops at its second retry
        BackoffPolicy impatient = new BackoffPolicy() {
            @Override
            public BackoffDecision decide(RetryContext context) {
                return context.retry() < 2
                        ? BackoffDecision.retryAfter(Duration.ofSeconds(1), WaitSource.TIER_BACKOFF)
                        : BackoffDecision.giveUp("time budget spent");
            }

            @Override
            public int maxRetries() {
                return 6;
            }
        };

        // when / then
        RetriesExhaustedException stopped = catchThrowableOfType(
                RetriesExhaustedException.class,
                () -> loop(impatient).execute(ScriptedExchange.answering(rateLimited())));
        assertThat(stopped).hasMessage("time budget spent");
        assertThat(stopped.attempts()).hasSize(2);
        assertThat(events)
                .last()
                .isEqualTo(new RetryEvent.GaveUp(
                        "time budget spent",
                        stopped.attempts(),
                        RetryEvent.GaveUp.Cause.RETRIES_EXHAUSTED,
                        Optional.of(FREE)));
    }

    @Test
    void failsAtOnceWithTheServerMessageOnANonRetryable429() {
        // given
        ErrorBody body = new ErrorBody(
                "insufficient_quota",
                "insufficient_quota",
                "You exceeded your current quota, please check your plan and billing details.");
        ScriptedExchange exchange = ScriptedExchange.answering(
                TestSignals.of(429, ResponseKind.FATAL, "insufficient_quota: billing or quota exhausted", body));

        // when
        NotRetryableException failure = catchThrowableOfType(
                NotRetryableException.class,
                () -> loop(DoublingTestPolicy.withMaxRetries(6)).execute(exchange));

        // then
        assertThat(failure.status()).isEqualTo(429);
        assertThat(failure.serverMessage()).contains(body.message());
        assertThat(failure)
                .hasMessage("HTTP 429: insufficient_quota: billing or quota exhausted — "
                        + "You exceeded your current quota, please check your plan and billing details.");
        assertThat(failure.attempts()).containsExactly(new AttemptRecord(1, 429, Duration.ZERO, WaitSource.NONE));
        assertThat(exchange.attempts()).containsExactly(1);
        assertThat(time.sleeps()).isEmpty();
        assertThat(events)
                .last()
                .isInstanceOf(RetryEvent.GaveUp.class)
                .extracting(event -> ((RetryEvent.GaveUp) event).cause())
                .isEqualTo(RetryEvent.GaveUp.Cause.NOT_RETRYABLE);
    }

    @Test
    void failsWithNotRetryableOnATransientStatusAfterEarlierRateLimits() {
        // given a 429 then a 503 the transport has already retried
        ScriptedExchange exchange = ScriptedExchange.answering(
                rateLimited(),
                TestSignals.of(503, ResponseKind.TRANSIENT, "HTTP 503", ErrorBody.ofText("upstream busy")));

        // when
        NotRetryableException failure = catchThrowableOfType(
                NotRetryableException.class,
                () -> loop(DoublingTestPolicy.withMaxRetries(6)).execute(exchange));

        // then
        assertThat(failure.status()).isEqualTo(503);
        assertThat(failure.serverMessage()).contains("upstream busy");
        assertThat(failure.attempts()).extracting(AttemptRecord::status).containsExactly(429, 503);
        assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(20));
    }

    @Test
    void omitsTheDashWhenTheServerSentNoMessage() {
        // when
        NotRetryableException failure = catchThrowableOfType(
                NotRetryableException.class,
                () -> loop(DoublingTestPolicy.withMaxRetries(6))
                        .execute(ScriptedExchange.answering(
                                TestSignals.of(401, ResponseKind.FATAL, "HTTP 401", ErrorBody.EMPTY))));

        // then
        assertThat(failure).hasMessage("HTTP 401");
        assertThat(failure.serverMessage()).isEmpty();
    }

    @Test
    void failsFastWithTheTimeTheServerNamesWhenItAsksForMoreThanTheMaximumWait() {
        // given
        time.advance(Duration.ofSeconds(5));
        ScriptedExchange exchange =
                ScriptedExchange.answering(rateLimitedWithHint(Duration.ofSeconds(3_600), WaitSource.RETRY_AFTER));

        // when
        RateLimitedUntilException failure = catchThrowableOfType(
                RateLimitedUntilException.class,
                () -> loop(DoublingTestPolicy.withMaxRetries(6)).execute(exchange));

        // then
        assertThat(failure.until()).isEqualTo(FakeTime.START.plusSeconds(5 + 3_600));
        assertThat(failure.requested()).isEqualTo(Duration.ofSeconds(3_600));
        assertThat(failure.maximum()).isEqualTo(RateLimitRetryLoop.DEFAULT_MAX_SERVER_WAIT);
        assertThat(failure.source()).isEqualTo(WaitSource.RETRY_AFTER);
        assertThat(failure.attempts()).hasSize(1);
        assertThat(failure)
                .hasMessageContaining("rate limited until 2025-01-01T01:00:05Z")
                .hasMessageContaining("retry-after asked for 3600.0s")
                .hasMessageContaining("900.0s");
        assertThat(time.sleeps()).isEmpty();
        assertThat(exchange.attempts()).containsExactly(1);
        assertThat(events)
                .last()
                .isEqualTo(new RetryEvent.GaveUp(
                        failure.getMessage(),
                        failure.attempts(),
                        RetryEvent.GaveUp.Cause.RATE_LIMITED_UNTIL,
                        Optional.of(FREE)));
    }

    @Test
    void obeysAServerHintOfExactlyTheMaximumWait() {
        // given
        ScriptedExchange exchange =
                ScriptedExchange.answering(rateLimitedWithHint(Duration.ofSeconds(900), WaitSource.RETRY_AFTER), ok());

        // when
        String value = loop(DoublingTestPolicy.withMaxRetries(6)).execute(exchange);

        // then
        assertThat(value).isEqualTo("done #2");
        assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(900));
    }

    @Test
    void measuresTheServersOwnHintAgainstTheMaximumNotTheSpreadWaitWhichIsCappedAtIt() {
        // regression: a policy spreading an in-limit hint upward used to trip RateLimitedUntilException;
        // the spread wait itself never goes beyond the maximum server wait (issue 14)
        ScriptedExchange exchange =
                ScriptedExchange.answering(rateLimitedWithHint(Duration.ofSeconds(895), WaitSource.RETRY_AFTER), ok());

        // when
        String value =
                loop(DoublingTestPolicy.spreadingHintsBy(Duration.ofSeconds(7))).execute(exchange);

        // then
        assertThat(value).isEqualTo("done #2");
        assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(900));
    }

    @Test
    void doesNotLimitTheComputedScheduleByTheMaximumServerWait() {
        // given
        RateLimitRetryLoop loop = builder(DoublingTestPolicy.withMaxRetries(6))
                .withMaxServerWait(Duration.ofSeconds(30))
                .build();

        // when
        assertThatThrownBy(() -> loop.execute(ScriptedExchange.answering(rateLimited())))
                .isInstanceOf(RetriesExhaustedException.class);

        // then
        assertThat(time.sleeps()).containsExactlyElementsOf(FREE_SCHEDULE);
    }

    @Test
    void aZeroMaximumServerWaitRefusesEveryPositiveHint() {
        // given
        RateLimitRetryLoop loop = builder(DoublingTestPolicy.withMaxRetries(6))
                .withMaxServerWait(Duration.ZERO)
                .build();

        // then
        assertThatThrownBy(() -> loop.execute(ScriptedExchange.answering(
                        rateLimitedWithHint(Duration.ofMillis(1), WaitSource.RETRY_AFTER_MS))))
                .isInstanceOf(RateLimitedUntilException.class);
        assertThat(loop.execute(
                        ScriptedExchange.answering(rateLimitedWithHint(Duration.ZERO, WaitSource.RETRY_AFTER), ok())))
                .isEqualTo("done #2");
    }

    @Test
    void stopsAndRestoresTheInterruptFlagWhenInterruptedWhileWaiting() {
        // given
        time.interruptingSleep(2);
        ScriptedExchange exchange = ScriptedExchange.answering(rateLimited());

        // when
        RetryInterruptedException stopped = catchThrowableOfType(
                RetryInterruptedException.class,
                () -> loop(DoublingTestPolicy.withMaxRetries(6)).execute(exchange));

        // then
        assertThat(Thread.currentThread().isInterrupted()).isTrue();
        assertThat(stopped).hasCauseInstanceOf(InterruptedException.class);
        assertThat(stopped.attempts())
                .extracting(AttemptRecord::delay)
                .containsExactly(Duration.ofSeconds(20), Duration.ofSeconds(40));
        assertThat(exchange.attempts()).containsExactly(1, 2);
        assertThat(events)
                .last()
                .isEqualTo(new RetryEvent.GaveUp(
                        stopped.getMessage(),
                        stopped.attempts(),
                        RetryEvent.GaveUp.Cause.INTERRUPTED,
                        Optional.of(FREE)));
    }

    @Test
    void stopsAndRestoresTheInterruptFlagWhenInterruptedWhileSending() {
        // given
        RateLimitedExchange<String, RuntimeException> interrupted = attempt -> {
            throw new InterruptedException("interrupted in the transport");
        };

        // when
        RetryInterruptedException stopped = catchThrowableOfType(
                RetryInterruptedException.class,
                () -> loop(DoublingTestPolicy.withMaxRetries(6)).execute(interrupted));

        // then
        assertThat(Thread.currentThread().isInterrupted()).isTrue();
        assertThat(stopped.attempts()).isEmpty();
        assertThat(stopped).hasMessage("interrupted after 0 attempt(s)");
    }

    @Test
    void aCheckedExceptionOfTheSendReachesTheCallerUnchangedAfterRateLimitRetries() {
        // given: a 429, then a send that fails with an IOException the caller handles
        RateLimitedExchange<String, IOException> failing = attempt -> {
            if (attempt == 1) {
                return ExchangeResult.withoutValue(rateLimited());
            }
            throw new IOException("disk full while writing the request");
        };

        // when
        IOException thrown;
        try {
            loop(DoublingTestPolicy.withMaxRetries(6)).execute(failing);
            thrown = null;
        } catch (IOException expected) {
            thrown = expected;
        }

        // then
        assertThat(thrown).hasMessage("disk full while writing the request");
        assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(20));
    }

    @Test
    void aTransportFailureOfTheSendEndsTheCallWithAGiveUpTellingItsAttemptsAndTier() {
        // given: a 429, then a send that fails the way the loop was told is the transport's
        IOException reset = new IOException("connection reset after 3 attempt(s)");
        RateLimitedExchange<String, IOException> failing = attempt -> {
            if (attempt == 1) {
                return ExchangeResult.withoutValue(rateLimited());
            }
            throw reset;
        };
        RateLimitRetryLoop loop = builder(DoublingTestPolicy.withMaxRetries(6))
                .withTransportFailures(IOException.class::isInstance)
                .build();

        // when
        Throwable thrown = catchThrowable(() -> loop.execute(failing));

        // then: the exception reaches the caller unchanged; the listeners hear the give-up
        assertThat(thrown).isSameAs(reset);
        assertThat(events)
                .last()
                .isEqualTo(new RetryEvent.GaveUp(
                        "connection reset after 3 attempt(s)",
                        List.of(
                                new AttemptRecord(1, 429, Duration.ofSeconds(20), WaitSource.TIER_BACKOFF),
                                new AttemptRecord(2, 0, Duration.ZERO, WaitSource.NONE)),
                        RetryEvent.GaveUp.Cause.TRANSPORT_FAILURE,
                        Optional.of(FREE)));
    }

    @Test
    void aFailureOfTheSendNotNamedATransportFailureEndsTheCallUntold() {
        // given: the transport's failures are IOExceptions; this send fails otherwise
        RateLimitedExchange<String, RuntimeException> failing = attempt -> {
            throw new IllegalStateException("refused before sending");
        };
        RateLimitRetryLoop loop = builder(DoublingTestPolicy.withMaxRetries(6))
                .withTransportFailures(IOException.class::isInstance)
                .build();

        // when
        Throwable thrown = catchThrowable(() -> loop.execute(failing));

        // then
        assertThat(thrown).hasMessage("refused before sending");
        assertThat(events).isEmpty();
    }

    @Test
    void reportsAFailingListenerToEveryErrorHandlerAndCarriesOn() {
        // given
        List<RetryEvent> reported = new ArrayList<>();
        List<RetryEvent> reportedToTheSecondHandler = new ArrayList<>();
        List<RetryEvent> seenByTheNextListener = new ArrayList<>();
        RetryListener failing = event -> {
            throw new IllegalStateException("listener bug");
        };
        RateLimitRetryLoop loop = RateLimitRetryLoop.builder()
                .withPolicy(DoublingTestPolicy.withMaxRetries(6))
                .withTier(FREE)
                .withTimeSource(time)
                .withSleeper(time)
                .onEvent(failing)
                .onEvent(seenByTheNextListener::add)
                .onListenerError((listener, event, failure) -> {
                    assertThat(listener).isSameAs(failing);
                    assertThat(failure).hasMessage("listener bug");
                    reported.add(event);
                })
                .onListenerError((listener, event, failure) -> reportedToTheSecondHandler.add(event))
                .build();

        // when
        String value = loop.execute(ScriptedExchange.answering(rateLimited(), ok()));

        // then: the same value, waits and attempts as without the failing listener
        assertThat(value).isEqualTo("done #2");
        assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(20));
        assertThat(reported).hasSize(2).isEqualTo(seenByTheNextListener).isEqualTo(reportedToTheSecondHandler);
    }

    @Test
    void aFailingListenerDoesNotChangeHowAFailedCallFails() {
        // given
        RateLimitRetryLoop loop = builder(DoublingTestPolicy.withMaxRetries(1))
                .onEvent(event -> {
                    throw new IllegalStateException("listener bug");
                })
                .build();

        // when
        RetriesExhaustedException exhausted = catchThrowableOfType(
                RetriesExhaustedException.class,
                () -> loop.execute(ScriptedExchange.answering(rateLimited(), rateLimited())));

        // then
        assertThat(exhausted.attempts()).hasSize(2);
        assertThat(exhausted.getSuppressed()).isEmpty();
    }

    @Test
    @SuppressWarnings("deprecation")
    void stillAcceptsAHandlerThatIsNotToldTheListener() {
        // given
        List<RuntimeException> reported = new ArrayList<>();
        RateLimitRetryLoop loop = builder(DoublingTestPolicy.withMaxRetries(6))
                .onEvent(event -> {
                    throw new IllegalStateException("listener bug");
                })
                .onListenerError((event, failure) -> reported.add(failure))
                .build();

        // when
        String value = loop.execute(ScriptedExchange.answering(ok()));

        // then
        assertThat(value).isEqualTo("done #1");
        assertThat(reported).singleElement().satisfies(f -> assertThat(f).hasMessage("listener bug"));
    }

    @Test
    void neverPropagatesAFailureOfTheListenerErrorHandlerItself() {
        // regression: an exception thrown by the listener-error handler used to escape into the call
        RateLimitRetryLoop loop = builder(DoublingTestPolicy.withMaxRetries(6))
                .onEvent(event -> {
                    throw new IllegalStateException("listener bug");
                })
                .onListenerError((listener, event, failure) -> {
                    throw new IllegalStateException("handler bug");
                })
                .build();

        // when
        String value = loop.execute(ScriptedExchange.answering(rateLimited(), ok()));

        // then
        assertThat(value).isEqualTo("done #2");
    }

    @Test
    void tellsListenersWhatHappensInOrder() {
        // when
        loop(DoublingTestPolicy.withMaxRetries(6))
                .execute(ScriptedExchange.answering(
                        rateLimited(), rateLimitedWithHint(Duration.ofSeconds(3), WaitSource.BODY_HINT), ok()));

        // then
        assertThat(events).hasSize(3);
        assertThat(events.get(0)).isInstanceOfSatisfying(RetryEvent.RateLimited.class, limited -> {
            assertThat(limited.retry()).isEqualTo(1);
            assertThat(limited.maxRetries()).isEqualTo(6);
            assertThat(limited.delay()).isEqualTo(Duration.ofSeconds(20));
            assertThat(limited.source()).isEqualTo(WaitSource.TIER_BACKOFF);
            assertThat(limited.tier()).isEqualTo(FREE);
            assertThat(limited.signals().status()).isEqualTo(429);
        });
        assertThat(events.get(1)).isInstanceOfSatisfying(RetryEvent.RateLimited.class, limited -> {
            assertThat(limited.retry()).isEqualTo(2);
            assertThat(limited.delay()).isEqualTo(Duration.ofSeconds(3));
            assertThat(limited.source()).isEqualTo(WaitSource.BODY_HINT);
        });
        assertThat(events.get(2)).isEqualTo(new RetryEvent.Succeeded(3, Duration.ofSeconds(23)));
    }

    @Test
    void givesThePolicyTheElapsedVirtualTimeAndThePreviousWait() {
        // given
        DoublingTestPolicy policy = DoublingTestPolicy.withMaxRetries(6);

        // when
        loop(policy).execute(ScriptedExchange.answering(rateLimited(), rateLimited(), rateLimited(), ok()));

        // then
        assertThat(policy.asked())
                .extracting(RetryContext::elapsed)
                .containsExactly(Duration.ZERO, Duration.ofSeconds(20), Duration.ofSeconds(60));
        assertThat(policy.asked())
                .extracting(RetryContext::previousWait)
                .containsExactly(Duration.ZERO, Duration.ofSeconds(20), Duration.ofSeconds(40));
    }

    @Test
    void detectsTheTierPassivelyOnceAndWaitsByIt() {
        // given a tracker that starts at tier1 and a server that announces 3 RPM on every response
        Tier tier1 = Tier.of("tier1", 200, 50);
        TierTracker tracker = TierTracker.detecting(
                tier1, TierTrackerTest.QUOTA_DETECTOR, dev.progressivebackoff.core.TierCatalog.moonshot());
        RateLimitRetryLoop loop = RateLimitRetryLoop.builder()
                .withPolicy(DoublingTestPolicy.withMaxRetries(6))
                .withTierTracker(tracker)
                .withTimeSource(time)
                .withSleeper(time)
                .onEvent(events::add)
                .build();

        // when
        loop.execute(ScriptedExchange.answering(
                TestSignals.withRpm(rateLimited(), 3),
                TestSignals.withRpm(rateLimited(), 3),
                TestSignals.withRpm(ok(), 3)));

        // then
        List<RetryEvent.TierDetected> detected = events.stream()
                .filter(RetryEvent.TierDetected.class::isInstance)
                .map(RetryEvent.TierDetected.class::cast)
                .toList();
        assertThat(detected).hasSize(1);
        assertThat(detected.get(0).tier().name()).isEqualTo("free");
        assertThat(detected.get(0).previous()).contains(tier1);
        assertThat(detected.get(0).evidence()).isEqualTo("x-ratelimit-limit-requests: 3");
        assertThat(events.get(0)).isSameAs(detected.get(0));
        assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(20), Duration.ofSeconds(40));
        assertThat(tracker.current().name()).isEqualTo("free");
    }

    @Test
    void requiresAPolicyAndATier() {
        assertThatThrownBy(() -> RateLimitRetryLoop.builder().withTier(FREE).build())
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("withPolicy");
        assertThatThrownBy(() -> RateLimitRetryLoop.builder()
                        .withPolicy(DoublingTestPolicy.withMaxRetries(1))
                        .build())
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("withTier");
        assertThatThrownBy(() -> RateLimitRetryLoop.builder().withMaxServerWait(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private RateLimitRetryLoop loop(BackoffPolicy policy) {
        return builder(policy).build();
    }

    private RateLimitRetryLoop.Builder builder(BackoffPolicy policy) {
        return RateLimitRetryLoop.builder()
                .withPolicy(policy)
                .withTier(FREE)
                .withTimeSource(time)
                .withSleeper(time)
                .onEvent(events::add);
    }
}
