package dev.progressivebackoff.pacing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.progressivebackoff.testsupport.FakeClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PacerSpacingTest {

    private final FakeClock clock = FakeClock.parkingSleepers();
    private final List<Duration> starts = Collections.synchronizedList(new ArrayList<>());

    @Test
    @SuppressWarnings("try") // the resource is only held; closing it is the point
    void spacesTheStartsOfEightConcurrentWorkersExactlySixtyOverRpmApart() throws InterruptedException {
        // given a 120 RPM pacer without burst and 8 workers sending 5 requests each
        Pacer pacer = Pacer.builder()
                .withSpacingMargin(false)
                .withRpm(120)
                .withTimeSource(clock)
                .withSleeper(clock)
                .build();
        Workers workers = new Workers();
        for (int w = 0; w < 8; w++) {
            workers.start("worker-" + w, () -> {
                for (int request = 0; request < 5; request++) {
                    try (Permit permit = pacer.acquire()) {
                        starts.add(clock.elapsed());
                    }
                }
            });
        }

        // when
        Drive.untilFinished(clock, pacer, workers, 8);
        workers.joinAllAndCheck();

        // then the 40 starts are 0.5 s apart, the first at once
        assertThat(starts).containsExactlyElementsOf(everyMillis(500, 40, 0));
        assertThat(pacer.state().inFlight()).isZero();
    }

    @Test
    @SuppressWarnings("try") // the resource is only held; closing it is the point
    void letsTheBurstStartBackToBackThenSpacesTheRest() throws InterruptedException {
        // given a 60 RPM pacer with a burst of 3
        Pacer pacer = Pacer.builder()
                .withSpacingMargin(false)
                .withRpm(60)
                .withBurst(3)
                .withTimeSource(clock)
                .withSleeper(clock)
                .build();
        Workers workers = new Workers();
        for (int w = 0; w < 6; w++) {
            workers.start("worker-" + w, () -> {
                try (Permit permit = pacer.acquire()) {
                    starts.add(clock.elapsed());
                }
            });
        }

        // when
        Drive.untilFinished(clock, pacer, workers, 6);
        workers.joinAllAndCheck();

        // then three start at once, then one a second
        assertThat(starts)
                .containsExactly(
                        Duration.ZERO,
                        Duration.ZERO,
                        Duration.ZERO,
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(2),
                        Duration.ofSeconds(3));
    }

    @Test
    void regainsTheBurstAfterStayingIdle() throws InterruptedException {
        // given a 60 RPM pacer with a burst of 2 that started two requests, then idled 10 s
        Pacer pacer = Pacer.builder()
                .withSpacingMargin(false)
                .withRpm(60)
                .withBurst(2)
                .withTimeSource(clock)
                .withSleeper(clock)
                .build();
        pacer.acquire().close();
        pacer.acquire().close();
        clock.advance(Duration.ofSeconds(10));

        // when three more come
        List<Duration> later = List.of(
                Drive.startOfNextAcquire(clock, pacer),
                Drive.startOfNextAcquire(clock, pacer),
                Drive.startOfNextAcquire(clock, pacer));

        // then two go at once and the third a second later
        assertThat(later).containsExactly(Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(11));
    }

    @Test
    void sleepsOnlyInTheHeadOfTheQueueAndInSlicesOfTheRecheckInterval() throws InterruptedException {
        // given the free tier's 20 s spacing and the default 1 s recheck interval
        Pacer pacer = Pacer.builder()
                .withSpacingMargin(false)
                .withRpm(3)
                .withTimeSource(clock)
                .withSleeper(clock)
                .build();
        pacer.acquire().close();

        // when the next request comes
        Duration start = Drive.startOfNextAcquire(clock, pacer);

        // then it starts at 20 s, after twenty 1 s sleeps
        assertThat(start).isEqualTo(Duration.ofSeconds(20));
        assertThat(clock.sleeps()).hasSize(20).containsOnly(Duration.ofSeconds(1));
    }

    private static List<Duration> everyMillis(long stepMillis, int count, long firstMillis) {
        return IntStream.range(0, count)
                .mapToObj(i -> Duration.ofMillis(firstMillis + i * stepMillis))
                .toList();
    }
}
