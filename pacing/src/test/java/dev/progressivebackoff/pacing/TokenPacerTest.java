package dev.progressivebackoff.pacing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.progressivebackoff.core.Tier;
import dev.progressivebackoff.core.TimeSource;
import dev.progressivebackoff.testsupport.FakeClock;
import dev.progressivebackoff.testsupport.Signals;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The two-budget pacer on a virtual clock: requests and tokens paced together. */
class TokenPacerTest {

    /** 600 RPM (starts 100 ms apart), 3,000 tokens per minute. */
    private static final Tier TOKEN_BOUND = Tier.custom(600).withTokenLimits(3_000, 0);

    /** A minute plus the margin a limiter's clock needs (1 ms + 0.5 %). */
    private static final Duration COUNTED = Duration.ofMillis(60_301);

    private final FakeClock clock = FakeClock.advancingOnSleep();

    @Test
    void reservesEachRequestsTokensAndHoldsTheNextStartUntilTheWindowFreesThem() throws InterruptedException {
        // given three starts of 1,000 tokens, 100 ms apart as the RPM wants
        Pacer pacer = pacer(TOKEN_BOUND);
        for (int i = 0; i < 3; i++) {
            pacer.acquire(1_000).close();
        }
        Duration third = clock.elapsed();
        assertThat(third).isLessThan(Duration.ofMillis(250));

        // when a fourth needs 1,000 more, then it starts when the first leaves the window, not 100 ms later
        pacer.acquire(1_000).close();
        assertThat(clock.elapsed()).isEqualTo(COUNTED);
    }

    @Test
    void settlingToTheUsageGivesBackWhatTheEstimateOverReserved() throws InterruptedException {
        // given a request estimated at 2,000 tokens that used 500
        Pacer pacer = pacer(TOKEN_BOUND);
        Permit permit = pacer.acquire(2_000);
        permit.close();
        permit.settle(500);

        // when the next needs 2,500, then it starts on the request spacing: 500 + 2,500 fit in 3,000
        pacer.acquire(2_500).close();
        assertThat(clock.elapsed()).isLessThan(Duration.ofMillis(200));

        // and settling above the estimate counts the excess: 500 + 2,900 no longer fit
        Permit over = pacer.acquire(0);
        over.settle(100);
        assertThat(startOf(pacer, 1)).isEqualTo(COUNTED);
    }

    @Test
    void aRequestLargerThanTheWholeMinuteFailsAtOnceInsteadOfWaitingForever() {
        Pacer pacer = pacer(TOKEN_BOUND);

        assertThatThrownBy(() -> pacer.acquire(3_001))
                .isInstanceOf(TokenBudgetExceededException.class)
                .hasMessageContaining("3001 tokens")
                .hasMessageContaining("3000");
        assertThat(clock.elapsed()).isZero();
        assertThat(pacer.state().inFlight()).isZero();
    }

    @Test
    void aServerSayingFewerTokensAreLeftHoldsTheExcessUntilItsReset() throws InterruptedException {
        // given 100 tokens counted here, but the server says only 500 of 3,000 are left for 10 s
        Pacer pacer = pacer(TOKEN_BOUND);
        Permit permit = pacer.acquire(100);
        permit.close();
        pacer.observe(permit, Signals.tokensLeft(500, Duration.ofSeconds(10)));

        // then 500 start at once, but 1,000 wait for the server's reset, not the whole minute
        assertThat(startOf(pacer, 400)).isLessThan(Duration.ofMillis(200));
        assertThat(startOf(pacer, 1_000)).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void aServerThatAnnouncesATokenQuotaSetsTheBudgetOfATierWithoutOne() throws InterruptedException {
        Pacer pacer = pacer(Tier.custom(600));
        Permit permit = pacer.acquire(2_000);
        permit.close();
        pacer.observe(permit, Signals.tokenQuota(3_000, 1_000, Duration.ofSeconds(20)));

        // then what the server counted is held until its reset, and new starts are counted here from now on
        assertThat(startOf(pacer, 1_000)).isLessThan(Duration.ofMillis(200));
        assertThat(startOf(pacer, 1_000)).isEqualTo(Duration.ofSeconds(20));
        assertThat(startOf(pacer, 1_000)).isLessThan(Duration.ofMillis(20_200));
        assertThat(startOf(pacer, 1_000)).isGreaterThan(COUNTED);
    }

    @Test
    void theBudgetPredictsTheDailyQuotaSpentAndRefusesWithoutWaiting() throws InterruptedException {
        // given 2,500 tokens a day, 2,000 already used
        Pacer pacer = pacer(Tier.custom(600).withTokenLimits(100_000, 2_500));
        pacer.acquire(1_000).close();
        pacer.acquire(1_000).close();
        Duration before = clock.elapsed();

        // then a third of 1,000 is refused at once, naming when the day frees enough
        assertThatThrownBy(() -> pacer.acquire(1_000))
                .isInstanceOfSatisfying(
                        DailyQuotaExhaustedException.class,
                        spent -> assertThat(spent.resetIn())
                                .isBetween(Duration.ofDays(1).minusSeconds(1), Duration.ofDays(1)))
                .hasMessageContaining("2000 of 2500");
        assertThat(clock.elapsed()).isEqualTo(before);
        // while a small one still fits
        pacer.acquire(400).close();
    }

    @Test
    void aServerAnnouncingTheDayIsSpentStopsEveryStartUntilItsReset() throws InterruptedException {
        Pacer pacer = pacer(TOKEN_BOUND);
        pacer.acquire(10).close();
        pacer.dailyQuotaSpent(Duration.ofHours(3), "daily cap (TPD) reached");

        assertThatThrownBy(() -> pacer.acquire(10))
                .isInstanceOf(DailyQuotaExhaustedException.class)
                .hasMessageContaining("TPD");
        clock.advance(Duration.ofHours(3));
        pacer.acquire(10).close();
    }

    @Test
    void concurrentWorkersNeverStartMoreThanTheMinutesTokensInAnyWindow() throws InterruptedException {
        // given 4 workers starting 5 requests of 1,000 tokens each at 3,000 TPM (2 in flight at most); each start is
        // the clock reading its grant was decided on, the last its thread made in acquire: read after acquire
        // returns, the clock may already have been moved on by another worker's sleep
        ThreadLocal<Long> lastRead = new ThreadLocal<>();
        TimeSource readings = new TimeSource() {
            @Override
            public Instant now() {
                return clock.now();
            }

            @Override
            public long nanoTime() {
                long now = clock.nanoTime();
                lastRead.set(now);
                return now;
            }
        };
        Pacer pacer = Pacer.builder()
                .withTier(Tier.of("two", 600, 2).withTokenLimits(3_000, 0))
                .withTimeSource(readings)
                .withSleeper(clock)
                .build();
        List<Long> starts = Collections.synchronizedList(new ArrayList<>());
        List<Thread> workers = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            Thread worker = new Thread(() -> {
                for (int i = 0; i < 5; i++) {
                    try (Permit permit = pacer.acquire(1_000)) {
                        starts.add(lastRead.get());
                        permit.settle(1_000);
                    } catch (InterruptedException interrupted) {
                        return;
                    }
                }
            });
            workers.add(worker);
            worker.start();
        }
        for (Thread worker : workers) {
            worker.join(TimeUnit.SECONDS.toMillis(20));
            assertThat(worker.isAlive()).isFalse();
        }

        // then all 20 started, never more than 3 in any minute, in 6 windows: the ideal of 20,000 / 3,000 min
        assertThat(starts).hasSize(20);
        List<Long> sorted = new ArrayList<>(starts);
        Collections.sort(sorted);
        for (int i = 3; i < sorted.size(); i++) {
            assertThat(sorted.get(i) - sorted.get(i - 3)).isGreaterThanOrEqualTo(TimeUnit.SECONDS.toNanos(60));
        }
        assertThat(clock.elapsed()).isLessThan(COUNTED.multipliedBy(6).plusSeconds(1));
    }

    private Duration startOf(Pacer pacer, long tokens) throws InterruptedException {
        pacer.acquire(tokens).close();
        return clock.elapsed();
    }

    private Pacer pacer(Tier tier) {
        return Pacer.builder()
                .withTier(tier)
                .withTimeSource(clock)
                .withSleeper(clock)
                .build();
    }
}
