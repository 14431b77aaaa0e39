package dev.progressivebackoff.verification.pacing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.progressivebackoff.backoff.TierAwareExponentialBackoff;
import dev.progressivebackoff.core.Tier;
import dev.progressivebackoff.core.TierCatalog;
import dev.progressivebackoff.core.retry.ExchangeResult;
import dev.progressivebackoff.core.retry.RateLimitRetryLoop;
import dev.progressivebackoff.core.retry.RateLimitedExchange;
import dev.progressivebackoff.core.retry.RetriesExhaustedException;
import dev.progressivebackoff.core.signals.Classification;
import dev.progressivebackoff.core.signals.ErrorBody;
import dev.progressivebackoff.core.signals.RateLimitSignals;
import dev.progressivebackoff.core.signals.ResponseKind;
import dev.progressivebackoff.core.signals.ServerHint;
import dev.progressivebackoff.core.signals.WaitSource;
import dev.progressivebackoff.pacing.Pacer;
import dev.progressivebackoff.pacing.PacerRegistry;
import dev.progressivebackoff.pacing.Permit;
import dev.progressivebackoff.pacing.RateLimitKey;
import dev.progressivebackoff.verification.SimulatedClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A batch on Moonshot's free tier (3 RPM, 1 in flight) against a server enforcing exactly that, on the
 * simulated clock: 8 workers, 40 requests. With one request in flight at a time, only the pacer's head
 * moves the clock, so the run is deterministic.
 */
class PacedBatchOnSimulatedClockTest {

    private static final int WORKERS = 8;
    private static final int REQUESTS = 40;
    private static final Tier FREE = TierCatalog.moonshot().require("free");

    private final SimulatedClock clock = new SimulatedClock();
    private final AtomicInteger attempts = new AtomicInteger();
    private final AtomicInteger rateLimited = new AtomicInteger();
    private final AtomicInteger completed = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private Long lastAccepted;

    @Test
    void finishesFortyRequestsAtTheIdealTimeWithoutA429WhenPaced() throws InterruptedException {
        // given the registry's pacer for the key, at the free tier
        PacerRegistry registry = PacerRegistry.create(clock, clock);
        Pacer pacer = registry.pacerFor(RateLimitKey.of("https://api.moonshot.ai/v1", "sk-simulated"), FREE);

        // when
        runBatch(pacer);

        // then 40 done, 40 attempts, no 429, in (40 − 1) × 20 s of virtual time
        assertThat(completed).hasValue(REQUESTS);
        assertThat(attempts).hasValue(REQUESTS);
        assertThat(rateLimited).hasValue(0);
        assertThat(failed).hasValue(0);
        assertThat(clock.elapsed()).isEqualTo(Duration.ofSeconds(39 * 20));
    }

    @Test
    void meets429sWithoutPacing() throws InterruptedException {
        // when the same batch runs with the documented reactive behaviour
        runBatch(PacerRegistry.disabled().pacerFor(RateLimitKey.of("https://api.moonshot.ai/v1", "k"), FREE));

        // then the server turned requests away (the second request of the batch meets a 429 before anyone
        // has waited, so this holds however the threads interleave)
        assertThat(rateLimited.get()).isPositive();
        assertThat(attempts.get()).isGreaterThan(REQUESTS);
    }

    @SuppressWarnings("try") // the resource is only held; closing it is the point
    private void runBatch(Pacer pacer) throws InterruptedException {
        RateLimitRetryLoop loop = RateLimitRetryLoop.builder()
                .withPolicy(TierAwareExponentialBackoff.documented())
                .withTier(FREE)
                .withTimeSource(clock)
                .withSleeper(clock)
                .onEvent(pacer.asRetryListener())
                .build();
        RateLimitedExchange<String, RuntimeException> exchange = attempt -> {
            try (Permit permit = pacer.acquire()) {
                RateLimitSignals signals = serve();
                pacer.observe(signals);
                return new ExchangeResult<>(signals, signals.status() == 200 ? "ok" : null);
            }
        };
        AtomicInteger next = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < WORKERS; w++) {
            Thread worker = new Thread(
                    () -> {
                        while (next.getAndIncrement() < REQUESTS) {
                            try {
                                loop.execute(exchange);
                                completed.incrementAndGet();
                            } catch (RetriesExhaustedException exhausted) {
                                failed.incrementAndGet();
                            }
                        }
                    },
                    "worker-" + w);
            threads.add(worker);
            worker.start();
        }
        for (Thread thread : threads) {
            thread.join(TimeUnit.SECONDS.toMillis(30));
            assertThat(thread.isAlive()).as(thread.getName() + " finished").isFalse();
        }
    }

    /** A server allowing 3 requests a minute, no burst: 20 s between accepted requests. */
    private synchronized RateLimitSignals serve() {
        attempts.incrementAndGet();
        long now = clock.nanoTime();
        long wait = lastAccepted == null ? 0 : lastAccepted + TimeUnit.SECONDS.toNanos(20) - now;
        if (wait > 0) {
            rateLimited.incrementAndGet();
            Duration retryAfter = Duration.ofNanos(wait);
            return signals(429, List.of(new ServerHint(retryAfter, WaitSource.RETRY_AFTER, "" + wait)), retryAfter);
        }
        lastAccepted = now;
        return signals(200, List.of(), Duration.ofSeconds(20));
    }

    private RateLimitSignals signals(int status, List<ServerHint> hints, Duration reset) {
        ResponseKind kind = status == 200 ? ResponseKind.SUCCESS : ResponseKind.RATE_LIMITED;
        return new RateLimitSignals(
                status,
                clock.now(),
                hints,
                Optional.empty(),
                OptionalLong.of(0),
                Optional.of(reset),
                Optional.empty(),
                OptionalLong.empty(),
                Optional.empty(),
                Optional.empty(),
                ErrorBody.EMPTY,
                new Classification(kind, "HTTP " + status));
    }
}
