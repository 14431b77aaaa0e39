package dev.progressivebackoff.pacing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.progressivebackoff.backoff.TierAwareExponentialBackoff;
import dev.progressivebackoff.core.Sleeper;
import dev.progressivebackoff.core.Tier;
import dev.progressivebackoff.core.retry.ExchangeResult;
import dev.progressivebackoff.core.retry.RateLimitRetryLoop;
import dev.progressivebackoff.core.retry.RateLimitedExchange;
import dev.progressivebackoff.core.signals.RateLimitSignals;
import dev.progressivebackoff.testsupport.FakeClock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The whole cycle: workers, the retry loop, the pacer fed by it, and a server that enforces its quota. */
class PacedRetryLoopTest {

    private static final int WORKERS = 8;
    private static final int PER_WORKER = 5;

    private final FakeClock clock = FakeClock.parkingSleepers();
    private final AtomicInteger completed = new AtomicInteger();

    @Test
    void runsABatchAtTheQuotaWithoutA429WhenTheTierIsKnown() throws InterruptedException {
        // given a server enforcing 120 RPM with no burst, and a pacer at that tier
        StrictServer server = new StrictServer(clock, 120, true);
        Pacer pacer = Pacer.builder()
                .withSpacingMargin(false)
                .withTier(Tier.of("strict", 120, WORKERS))
                .withTimeSource(clock)
                .withSleeper(clock)
                .build();

        // when 8 workers send 5 requests each
        run(pacer, loop(pacer, Tier.of("strict", 120, WORKERS), clock), server);

        // then all 40 succeed at the first attempt, the last at the ideal time (40 − 1) × 0.5 s
        assertThat(completed).hasValue(WORKERS * PER_WORKER);
        assertThat(server.rateLimited()).isZero();
        assertThat(server.hits()).hasSize(WORKERS * PER_WORKER);
        assertThat(server.hits().get(server.hits().size() - 1).at()).isEqualTo(Duration.ofMillis(19_500));
    }

    @Test
    void holdsEveryWorkerAfterA429SoNoRequestArrivesBeforeTheServerAsked() throws InterruptedException {
        // given a server enforcing 60 RPM, announcing nothing, and a pacer that believes 120 RPM; the retry
        // loop does not sleep itself, so every wait is the pacer's cool-down
        StrictServer server = new StrictServer(clock, 60, false);
        Pacer pacer = Pacer.builder()
                .withSpacingMargin(false)
                .withRpm(120)
                .withTimeSource(clock)
                .withSleeper(clock)
                .build();
        Sleeper pacerWaitsInstead = duration -> {};

        // when 8 workers send 5 requests each
        run(pacer, loop(pacer, Tier.of("believed", 120), pacerWaitsInstead), server);

        // then nothing failed, and after each 429 the next request came no earlier than its Retry-After
        assertThat(completed).hasValue(WORKERS * PER_WORKER);
        List<StrictServer.Hit> hits = server.hits();
        assertThat(server.rateLimited()).isPositive();
        for (int i = 0; i + 1 < hits.size(); i++) {
            StrictServer.Hit hit = hits.get(i);
            if (hit.status() == 429) {
                assertThat(hits.get(i + 1).at())
                        .as("the request after %s", hit)
                        .isGreaterThanOrEqualTo(hit.at().plus(hit.retryAfter()));
            }
        }
    }

    private RateLimitRetryLoop loop(Pacer pacer, Tier tier, Sleeper sleeper) {
        return RateLimitRetryLoop.builder()
                .withPolicy(TierAwareExponentialBackoff.documented())
                .withTier(tier)
                .withTimeSource(clock)
                .withSleeper(sleeper)
                .onEvent(pacer.asRetryListener())
                .build();
    }

    @SuppressWarnings("try") // the resource is only held; closing it is the point
    private void run(Pacer pacer, RateLimitRetryLoop loop, StrictServer server) throws InterruptedException {
        RateLimitedExchange<String, RuntimeException> exchange = attempt -> {
            try (Permit permit = pacer.acquire()) {
                RateLimitSignals signals = server.handle();
                pacer.observe(signals);
                return new ExchangeResult<>(signals, signals.status() == 200 ? "ok" : null);
            }
        };
        Workers workers = new Workers();
        for (int w = 0; w < WORKERS; w++) {
            workers.start("worker-" + w, () -> {
                for (int request = 0; request < PER_WORKER; request++) {
                    loop.execute(exchange);
                    completed.incrementAndGet();
                }
            });
        }
        Drive.untilFinished(clock, pacer, workers, WORKERS);
        workers.joinAllAndCheck();
    }
}
