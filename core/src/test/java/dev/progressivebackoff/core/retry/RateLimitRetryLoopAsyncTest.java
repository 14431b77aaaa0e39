package dev.progressivebackoff.core.retry;

import static dev.progressivebackoff.core.retry.TestSignals.ok;
import static dev.progressivebackoff.core.retry.TestSignals.rateLimited;
import static dev.progressivebackoff.core.retry.TestSignals.rateLimitedWithHint;
import static org.assertj.core.api.Assertions.assertThat;

import dev.progressivebackoff.core.Tier;
import dev.progressivebackoff.core.policy.BackoffPolicy;
import dev.progressivebackoff.core.signals.WaitSource;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class RateLimitRetryLoopAsyncTest {

    private static final Tier FREE = Tier.of("free", 3, 1);

    private final FakeTime time = new FakeTime();
    private final StepScheduler scheduler = new StepScheduler(time);
    private final List<RetryEvent> events = new ArrayList<>();

    @Test
    void schedulesTheSameWaitsAndEventsAsTheBlockingLoop() throws Exception {
        // given
        List<RetryEvent> blockingEvents = new ArrayList<>();
        FakeTime blockingTime = new FakeTime();
        String blocking = RateLimitRetryLoop.builder()
                .withPolicy(DoublingTestPolicy.withMaxRetries(6))
                .withTier(FREE)
                .withTimeSource(blockingTime)
                .withSleeper(blockingTime)
                .onEvent(blockingEvents::add)
                .build()
                .execute(ScriptedExchange.answering(rateLimited(), rateLimited(), ok()));
        Scripted exchange = new Scripted(ScriptedExchange.answering(rateLimited(), rateLimited(), ok()));

        // when
        CompletableFuture<String> value =
                loop(DoublingTestPolicy.withMaxRetries(6)).executeAsync(exchange, scheduler);
        scheduler.runAll();

        // then
        assertThat(value).isCompletedWithValue(blocking);
        assertThat(scheduler.delays()).containsExactlyElementsOf(blockingTime.sleeps());
        assertThat(scheduler.delays()).containsExactly(Duration.ofSeconds(20), Duration.ofSeconds(40));
        assertThat(events).isEqualTo(blockingEvents);
        assertThat(time.sleeps()).isEmpty();
    }

    @Test
    void sendsNothingBeforeTheScheduledWaitIsDue() {
        // given
        Scripted exchange = new Scripted(ScriptedExchange.answering(rateLimited(), ok()));

        // when
        CompletableFuture<String> value =
                loop(DoublingTestPolicy.withMaxRetries(6)).executeAsync(exchange, scheduler);

        // then
        assertThat(exchange.inner.attempts()).containsExactly(1);
        assertThat(value).isNotDone();
        assertThat(scheduler.pending()).isEqualTo(1);
        scheduler.runNext();
        assertThat(time.elapsed()).isEqualTo(Duration.ofSeconds(20));
        assertThat(value).isCompletedWithValue("done #2");
    }

    @Test
    void failsWithTheSameGiveUpAsTheBlockingLoop() {
        // given
        Scripted exchange = new Scripted(ScriptedExchange.answering(rateLimited()));

        // when
        CompletableFuture<String> value =
                loop(DoublingTestPolicy.withMaxRetries(2)).executeAsync(exchange, scheduler);
        scheduler.runAll();

        // then
        assertThat(value).isCompletedExceptionally();
        Throwable failure = causeOf(value);
        assertThat(failure).isInstanceOf(RetriesExhaustedException.class);
        assertThat(((RetriesExhaustedException) failure).attempts()).hasSize(3);
        assertThat(events)
                .last()
                .isEqualTo(new RetryEvent.GaveUp(
                        failure.getMessage(),
                        ((RetriesExhaustedException) failure).attempts(),
                        RetryEvent.GaveUp.Cause.RETRIES_EXHAUSTED,
                        Optional.of(FREE)));
    }

    @Test
    void aServerHintBeyondTheMaximumFailsAtOnceWithoutScheduling() {
        // given
        Scripted exchange = new Scripted(
                ScriptedExchange.answering(rateLimitedWithHint(Duration.ofSeconds(3_600), WaitSource.RETRY_AFTER)));

        // when
        CompletableFuture<String> value =
                loop(DoublingTestPolicy.withMaxRetries(6)).executeAsync(exchange, scheduler);

        // then
        assertThat(causeOf(value)).isInstanceOf(RateLimitedUntilException.class);
        assertThat(scheduler.delays()).isEmpty();
    }

    @Test
    void aTransportFailureGivesUpAsInTheBlockingLoop() {
        // given: a 429, then a send failing with what the loop was told is a transport failure
        IOException broken = new IOException("connection reset");
        AsyncExchange<String> exchange = attempt -> attempt == 1
                ? CompletableFuture.completedFuture(ExchangeResult.withoutValue(rateLimited()))
                : CompletableFuture.failedFuture(broken);
        RateLimitRetryLoop loop = RateLimitRetryLoop.builder()
                .withPolicy(DoublingTestPolicy.withMaxRetries(6))
                .withTier(FREE)
                .withTimeSource(time)
                .withTransportFailures(IOException.class::isInstance)
                .onEvent(events::add)
                .build();

        // when
        CompletableFuture<String> value = loop.executeAsync(exchange, scheduler);
        scheduler.runAll();

        // then
        assertThat(causeOf(value)).isSameAs(broken);
        assertThat(events)
                .last()
                .isEqualTo(new RetryEvent.GaveUp(
                        "connection reset",
                        List.of(
                                new AttemptRecord(1, 429, Duration.ofSeconds(20), WaitSource.TIER_BACKOFF),
                                new AttemptRecord(2, 0, Duration.ZERO, WaitSource.NONE)),
                        RetryEvent.GaveUp.Cause.TRANSPORT_FAILURE,
                        Optional.of(FREE)));
    }

    @Test
    void aFailedSendFailsTheCallWithItsOwnException() {
        // given
        IOException broken = new IOException("connection reset");
        List<Integer> sent = new ArrayList<>();
        AsyncExchange<String> exchange = attempt -> {
            sent.add(attempt);
            return attempt == 1
                    ? CompletableFuture.completedFuture(ExchangeResult.withoutValue(rateLimited()))
                    : CompletableFuture.failedFuture(broken);
        };

        // when
        CompletableFuture<String> value =
                loop(DoublingTestPolicy.withMaxRetries(6)).executeAsync(exchange, scheduler);
        scheduler.runAll();

        // then
        assertThat(causeOf(value)).isSameAs(broken);
        assertThat(sent).containsExactly(1, 2);
    }

    @Test
    void cancellingDuringAWaitCancelsItAndSendsNothingMore() {
        // given
        Scripted exchange = new Scripted(ScriptedExchange.answering(rateLimited(), ok()));
        CompletableFuture<String> value =
                loop(DoublingTestPolicy.withMaxRetries(6)).executeAsync(exchange, scheduler);
        assertThat(scheduler.pending()).isEqualTo(1);

        // when
        boolean cancelled = value.cancel(true);

        // then
        assertThat(cancelled).isTrue();
        assertThat(value).isCancelled();
        assertThat(scheduler.pending()).isZero();
        assertThat(exchange.inner.attempts()).containsExactly(1);
        assertThat(events).last().isInstanceOfSatisfying(RetryEvent.GaveUp.class, gaveUp -> {
            assertThat(gaveUp.reason()).isEqualTo("cancelled after 1 attempt(s)");
            assertThat(gaveUp.cause()).isEqualTo(RetryEvent.GaveUp.Cause.CANCELLED);
        });
    }

    @Test
    void cancellingDuringASendCancelsTheSendsFuture() {
        // given
        CompletableFuture<ExchangeResult<String>> inFlight = new CompletableFuture<>();
        CompletableFuture<String> value =
                loop(DoublingTestPolicy.withMaxRetries(6)).executeAsync(attempt -> inFlight, scheduler);

        // when
        value.cancel(true);

        // then
        assertThat(inFlight).isCancelled();
        assertThat(scheduler.pending()).isZero();
    }

    @Test
    void aCallListenerHearsOnlyItsOwnCall() {
        // given
        RateLimitRetryLoop loop = loop(DoublingTestPolicy.withMaxRetries(6));
        List<RetryEvent> first = new ArrayList<>();
        List<RetryEvent> second = new ArrayList<>();

        // when
        loop.executeAsync(new Scripted(ScriptedExchange.answering(rateLimited(), ok())), scheduler, first::add);
        loop.executeAsync(new Scripted(ScriptedExchange.answering(ok())), scheduler, second::add);
        scheduler.runAll();

        // then
        assertThat(first).hasSize(2).last().isEqualTo(new RetryEvent.Succeeded(2, Duration.ofSeconds(20)));
        assertThat(second).containsExactly(new RetryEvent.Succeeded(1, Duration.ZERO));
        assertThat(events).hasSize(3);
    }

    private static Throwable causeOf(CompletableFuture<?> future) {
        try {
            future.get();
            throw new AssertionError("the future succeeded");
        } catch (ExecutionException failed) {
            return failed.getCause();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new AssertionError(interrupted);
        }
    }

    private RateLimitRetryLoop loop(BackoffPolicy policy) {
        return RateLimitRetryLoop.builder()
                .withPolicy(policy)
                .withTier(FREE)
                .withTimeSource(time)
                .withSleeper(time)
                .onEvent(events::add)
                .build();
    }

    /** The blocking script, answered as completed stages. */
    private static final class Scripted implements AsyncExchange<String> {
        private final ScriptedExchange inner;

        Scripted(ScriptedExchange inner) {
            this.inner = inner;
        }

        @Override
        public CompletableFuture<ExchangeResult<String>> send(int attempt) {
            return CompletableFuture.completedFuture(inner.send(attempt));
        }
    }
}
