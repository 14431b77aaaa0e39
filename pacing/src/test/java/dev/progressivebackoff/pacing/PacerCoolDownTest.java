package dev.progressivebackoff.pacing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.progressivebackoff.testsupport.FakeClock;
import dev.progressivebackoff.testsupport.Signals;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class PacerCoolDownTest {

    private final FakeClock clock = FakeClock.parkingSleepers();
    private final List<Duration> starts = Collections.synchronizedList(new ArrayList<>());

    @Test
    void holdsEveryCallerOnTheKeyUntilTheCoolDownEnds() throws InterruptedException {
        // given a fast pacer (1 ms spacing) cooled down for 10 s after a 429
        Pacer pacer = pacer(60_000, 1);
        pacer.coolDown(Duration.ofSeconds(10));

        // when four workers want to start
        Workers workers = startWorkers(pacer, 4);
        Drive.untilFinished(clock, pacer, workers, 4);
        workers.joinAllAndCheck();

        // then none starts before 10 s, and they do not stampede: they leave 1.25 ms apart (the 429 slowed
        // the pace by a quarter)
        assertThat(starts)
                .containsExactly(
                        Duration.ofMillis(10_000),
                        Duration.ofNanos(10_001_250_000L),
                        Duration.ofNanos(10_002_500_000L),
                        Duration.ofNanos(10_003_750_000L));
    }

    @Test
    void holdsACallerThatWasAlreadySleepingTowardItsStart() throws InterruptedException {
        // given a 60 RPM pacer: one start at 0, the next caller sleeping toward 1 s
        Pacer pacer = pacer(60, 1);
        pacer.acquire().close();
        Workers workers = startWorkers(pacer, 1);
        clock.awaitSleepers(1);
        assertThat(clock.onlyDeadline()).isEqualTo(Duration.ofSeconds(1));

        // when a 429 elsewhere cools the key down for 5 s at 0.5 s
        clock.advance(Duration.ofMillis(500));
        pacer.coolDown(Duration.ofSeconds(5));
        Drive.untilFinished(clock, pacer, workers, 1);
        workers.joinAllAndCheck();

        // then the caller starts when the cool-down ends, not at its old slot
        assertThat(starts).containsExactly(Duration.ofMillis(5_500));
    }

    @Test
    void startsNoBurstWhenTheCoolDownEnds() throws InterruptedException {
        // given a pacer with a burst of 3, cooled down for 10 s
        Pacer pacer = pacer(60, 3);
        pacer.coolDown(Duration.ofSeconds(10));

        // when three workers want to start
        Workers workers = startWorkers(pacer, 3);
        Drive.untilFinished(clock, pacer, workers, 3);
        workers.joinAllAndCheck();

        // then they are spaced (by 1.25 s after the 429), not let go together
        assertThat(starts)
                .containsExactly(Duration.ofSeconds(10), Duration.ofMillis(11_250), Duration.ofMillis(12_500));
    }

    @Test
    void slowsThePaceAfterEach429AndRecoversItWithEachSuccessDownToAFloorAboveThePaceThatFailed()
            throws InterruptedException {
        // given a 60 RPM pacer that met a 429, started a request at the slower pace, and met another
        Pacer pacer = pacer(60, 1);
        assertThat(Drive.startOfNextAcquire(clock, pacer)).isEqualTo(Duration.ZERO);
        pacer.coolDown(Duration.ZERO);
        assertThat(Drive.startOfNextAcquire(clock, pacer)).isEqualTo(Duration.ofSeconds(1));
        pacer.coolDown(Duration.ZERO);
        assertThat(pacer.state().slowdown()).isEqualTo(1.5625);

        // then the start after the slower one comes 1.25 s later, the next 1.5625 s after that
        assertThat(Drive.startOfNextAcquire(clock, pacer)).isEqualTo(Duration.ofMillis(2_250));
        assertThat(Drive.startOfNextAcquire(clock, pacer)).isEqualTo(Duration.ofNanos(3_812_500_000L));

        // when successes are observed, the slow-down comes back by 1/16 each, but not below 3 % above
        // the pace that met the second 429 (1.25)
        for (int success = 0; success < 5; success++) {
            pacer.observe(Signals.ok());
        }
        assertThat(pacer.state().slowdown()).isCloseTo(1.25 * 1.03 - 5.0 / 4096, within(1e-9));

        // and a long run of successes probes the floor down to half a percent above that pace, no further
        for (int success = 0; success < 1_000; success++) {
            pacer.observe(Signals.ok());
        }
        assertThat(pacer.state().slowdown()).isCloseTo(1.25 * 1.005, within(1e-9));
    }

    @Test
    void a429OfARequestStartedBeforeTheLastSlowDownDoesNotSlowItAgain() throws InterruptedException {
        // given three requests in flight that all meet a 429 from the same moment
        Pacer pacer = pacer(6_000, 1);
        for (int request = 0; request < 3; request++) {
            Drive.startOfNextAcquire(clock, pacer);
        }
        pacer.coolDown(Duration.ZERO);
        pacer.coolDown(Duration.ZERO);
        pacer.coolDown(Duration.ZERO);

        // then the pace slowed once, not three times
        assertThat(pacer.state().slowdown()).isEqualTo(1.25);
    }

    @Test
    void keepsTheLongerOfTwoCoolDowns() {
        // given a 10 s cool-down
        Pacer pacer = pacer(60, 1);
        pacer.coolDown(Duration.ofSeconds(10));

        // when a shorter one follows
        clock.advance(Duration.ofSeconds(1));
        pacer.coolDown(Duration.ofSeconds(2));

        // then the first still holds
        assertThat(pacer.state().heldFor()).isEqualTo(Duration.ofSeconds(9));
    }

    @Test
    void cutsACoolDownLongerThanTheMaximumHold() {
        // given a pacer holding for at most 30 s
        Pacer pacer = Pacer.builder()
                .withSpacingMargin(false)
                .withRpm(60)
                .withMaxHold(Duration.ofSeconds(30))
                .withTimeSource(clock)
                .withSleeper(clock)
                .build();

        // when asked to cool down for an hour
        pacer.coolDown(Duration.ofHours(1));

        // then it holds for 30 s
        assertThat(pacer.state().heldFor()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void rejectsANegativeCoolDown() {
        Pacer pacer = pacer(60, 1);

        assertThatThrownBy(() -> pacer.coolDown(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
    }

    @SuppressWarnings("try") // the resource is only held; closing it is the point
    private Workers startWorkers(Pacer pacer, int count) {
        Workers workers = new Workers();
        for (int w = 0; w < count; w++) {
            workers.start("worker-" + w, () -> {
                try (Permit permit = pacer.acquire()) {
                    starts.add(clock.elapsed());
                }
            });
        }
        return workers;
    }

    private Pacer pacer(int rpm, int burst) {
        return Pacer.builder()
                .withSpacingMargin(false)
                .withRpm(rpm)
                .withBurst(burst)
                .withTimeSource(clock)
                .withSleeper(clock)
                .build();
    }
}
