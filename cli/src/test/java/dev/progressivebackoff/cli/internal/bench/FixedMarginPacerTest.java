package dev.progressivebackoff.cli.internal.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.progressivebackoff.core.SystemSleeper;
import dev.progressivebackoff.core.SystemTimeSource;
import dev.progressivebackoff.core.Tier;
import dev.progressivebackoff.core.retry.RetryEvent;
import dev.progressivebackoff.core.signals.ErrorBody;
import dev.progressivebackoff.core.signals.RateLimitSignals;
import dev.progressivebackoff.core.signals.ResponseHeaders;
import dev.progressivebackoff.pacing.Permit;
import dev.progressivebackoff.verification.SimulatedClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The {@code fixed-margin} pacer: 1.02 × 60 s / RPM between starts, on a simulated clock; nothing learnt. */
class FixedMarginPacerTest {

    private static final Tier RPM_600 = Tier.custom(600);
    /** 1.02 × 60 s / 600. */
    private static final Duration SPACING = Duration.ofMillis(102);

    private final SimulatedClock clock = new SimulatedClock();
    private final FixedMarginPacer pacer = new FixedMarginPacer(RPM_600, clock, clock);

    @Test
    void theSpacingIsTwoPercentAboveSixtySecondsOverTheRpm() {
        assertThat(FixedMarginPacer.spacing(600)).isEqualTo(SPACING);
        assertThat(FixedMarginPacer.spacing(3)).isEqualTo(Duration.ofMillis(20_400));
        assertThat(FixedMarginPacer.spacing(6000))
                .isEqualTo(Duration.ofMillis(10).plusNanos(200_000));
        assertThatThrownBy(() -> FixedMarginPacer.spacing(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theFirstStartGoesAtOnceAndEachNextOneSpacingLater() throws InterruptedException {
        // when
        List<Long> starts = startsOf(5);

        // then
        assertThat(starts.get(0)).isZero();
        assertThat(gaps(starts)).containsOnly(SPACING.toNanos());
        assertThat(clock.sleeps()).hasSize(4).containsOnly(SPACING);
    }

    @Test
    void anIdleTimeLeavesNoBurstBehind() throws InterruptedException {
        // given
        pacer.acquire().close();
        clock.advance(Duration.ofSeconds(10));

        // when
        List<Long> starts = startsOf(3);

        // then the first start after the pause goes at once, the next ones are spaced as usual
        assertThat(starts.get(0)).isEqualTo(Duration.ofSeconds(10).toNanos());
        assertThat(gaps(starts)).containsOnly(SPACING.toNanos());
    }

    @Test
    void learnsNothingFromHeadersCoolDownsOrOtherTiers() throws InterruptedException {
        // given
        pacer.acquire().close();
        RateLimitSignals spent = RateLimitSignals.parse(
                200,
                ResponseHeaders.of(
                        "x-ratelimit-limit-requests",
                        "600",
                        "x-ratelimit-remaining-requests",
                        "0",
                        "x-ratelimit-reset-requests",
                        "30s"),
                ErrorBody.EMPTY,
                clock.now());

        // when
        pacer.observe(spent);
        pacer.coolDown(Duration.ofSeconds(20));
        pacer.adoptRpm(60_000);
        pacer.adoptTier(Tier.custom(3));
        pacer.asRetryListener().onEvent(new RetryEvent.TierDetected(Tier.custom(6), Optional.empty(), "test"));
        long before = clock.nanoTime();
        pacer.acquire().close();

        // then neither held nor sped up nor slowed down
        assertThat(clock.nanoTime() - before).isEqualTo(SPACING.toNanos());
        assertThat(pacer.state().heldFor()).isZero();
        assertThat(pacer.state().slowdown()).isEqualTo(1.0);
        assertThat(pacer.state().requestsPerMinute()).isEqualTo(588);
    }

    @Test
    void countsPermitsInFlightAndClosingTwiceIsHarmless() throws InterruptedException {
        // when
        Permit first = pacer.acquire();
        Permit second = pacer.acquire();

        // then
        assertThat(pacer.state().inFlight()).isEqualTo(2);
        first.close();
        first.close();
        assertThat(pacer.state().inFlight()).isEqualTo(1);
        second.close();
        assertThat(pacer.state().inFlight()).isZero();
        assertThat(pacer.state().burst()).isEqualTo(1);
        assertThat(pacer.state().maxConcurrency()).isEmpty();
    }

    @Test
    void anInterruptedCallerTakesNoStart() throws InterruptedException {
        // given
        pacer.acquire().close();

        // when
        Thread.currentThread().interrupt();

        // then
        assertThatThrownBy(() -> pacer.acquire()).isInstanceOf(InterruptedException.class);
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
        long before = clock.nanoTime();
        pacer.acquire().close();
        assertThat(clock.nanoTime() - before).isEqualTo(SPACING.toNanos());
        assertThat(pacer.state().waiting()).isZero();
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    @SuppressWarnings("try") // the resource is only held; closing it is the point
    void threadsSharingItNeverStartCloserThanTheSpacingOnTheRealClock() throws Exception {
        // given 30,000 RPM: 2.04 ms apart
        FixedMarginPacer real =
                new FixedMarginPacer(Tier.custom(30_000), SystemTimeSource.INSTANCE, SystemSleeper.INSTANCE);
        long spacing = FixedMarginPacer.spacing(30_000).toNanos();
        List<Long> starts = Collections.synchronizedList(new ArrayList<>());
        long before = System.nanoTime();

        // when 4 threads take 10 starts each
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            threads.add(new Thread(() -> {
                for (int i = 0; i < 10; i++) {
                    try (Permit permit = real.acquire()) {
                        starts.add(System.nanoTime());
                    } catch (InterruptedException stopped) {
                        return;
                    }
                }
            }));
        }
        threads.forEach(Thread::start);
        for (Thread thread : threads) {
            thread.join();
        }

        // then the k-th start came at least k spacings after the first could: late is possible, early never
        List<Long> sorted = new ArrayList<>(starts);
        Collections.sort(sorted);
        assertThat(sorted).hasSize(40);
        for (int k = 0; k < sorted.size(); k++) {
            assertThat(sorted.get(k) - before).as("start %d", k).isGreaterThanOrEqualTo(k * spacing);
        }
    }

    @SuppressWarnings("try") // the resource is only held; closing it is the point
    private List<Long> startsOf(int count) throws InterruptedException {
        List<Long> starts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            try (Permit permit = pacer.acquire()) {
                starts.add(clock.nanoTime());
            }
        }
        return starts;
    }

    private static List<Long> gaps(List<Long> starts) {
        List<Long> gaps = new ArrayList<>();
        for (int i = 1; i < starts.size(); i++) {
            gaps.add(starts.get(i) - starts.get(i - 1));
        }
        return gaps;
    }
}
