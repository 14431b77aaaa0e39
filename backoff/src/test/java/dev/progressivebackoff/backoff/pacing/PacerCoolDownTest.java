package dev.progressivebackoff.backoff.pacing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class PacerCoolDownTest {

    private final VirtualClock clock = new VirtualClock();
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
        assertThat(starts).containsExactly(Duration.ofMillis(10_000), Duration.ofNanos(10_001_250_000L),
                Duration.ofNanos(10_002_500_000L), Duration.ofNanos(10_003_750_000L));
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
        assertThat(starts).containsExactly(Duration.ofSeconds(10), Duration.ofMillis(11_250),
                Duration.ofMillis(12_500));
    }

    @Test
    void slowsThePaceAfterEach429AndRecoversItWithEachSuccess() throws InterruptedException {
        // given a 60 RPM pacer cooled down twice for nothing
        Pacer pacer = pacer(60, 1);
        pacer.coolDown(Duration.ZERO);
        pacer.coolDown(Duration.ZERO);
        assertThat(pacer.state().slowdown()).isEqualTo(1.5625);

        // then starts are 1.5625 s apart
        assertThat(Drive.startOfNextAcquire(clock, pacer)).isEqualTo(Duration.ZERO);
        assertThat(Drive.startOfNextAcquire(clock, pacer)).isEqualTo(Duration.ofNanos(1_562_500_000L));

        // when 9 successes are observed
        for (int success = 0; success < 9; success++) {
            pacer.observe(Signals.silent());
        }

        // then the pace is back to the adopted rate
        assertThat(pacer.state().slowdown()).isEqualTo(1.0);
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
        Pacer pacer = Pacer.builder().withRpm(60).withMaxHold(Duration.ofSeconds(30))
                .withTimeSource(clock).withSleeper(clock).build();

        // when asked to cool down for an hour
        pacer.coolDown(Duration.ofHours(1));

        // then it holds for 30 s
        assertThat(pacer.state().heldFor()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void rejectsANegativeCoolDown() {
        Pacer pacer = pacer(60, 1);

        assertThatThrownBy(() -> pacer.coolDown(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

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
        return Pacer.builder().withRpm(rpm).withBurst(burst).withTimeSource(clock).withSleeper(clock).build();
    }
}
