package dev.progressivebackoff.pacing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.progressivebackoff.testsupport.Eventually;
import dev.progressivebackoff.testsupport.FakeClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class PacerFairnessTest {

    private final FakeClock clock = FakeClock.parkingSleepers();

    @Test
    @SuppressWarnings("try") // the resource is only held; closing it is the point
    void startsWaitingCallersInTheOrderTheyArrived() throws InterruptedException {
        // given a 60 RPM pacer that just started a request, and five callers arriving one after the other
        Pacer pacer = Pacer.builder()
                .withSpacingMargin(false)
                .withRpm(60)
                .withTimeSource(clock)
                .withSleeper(clock)
                .build();
        pacer.acquire().close();
        List<String> order = Collections.synchronizedList(new ArrayList<>());
        Workers workers = new Workers();
        for (int caller = 1; caller <= 5; caller++) {
            String name = "caller-" + caller;
            workers.start(name, () -> {
                try (Permit permit = pacer.acquire()) {
                    order.add(name + "@" + clock.elapsed().toSeconds());
                }
            });
            int queued = caller;
            Eventually.until(() -> pacer.state().waiting() == queued, () -> name + " is queued");
        }

        // when time passes
        Drive.untilFinished(clock, pacer, workers, 5);
        workers.joinAllAndCheck();

        // then they start first come, first served, one a second
        assertThat(order).containsExactly("caller-1@1", "caller-2@2", "caller-3@3", "caller-4@4", "caller-5@5");
    }

    @Test
    @SuppressWarnings("try") // the resource is only held; closing it is the point
    void letsNoNewcomerOvertakeAQueueEvenWhenItsOwnStartWouldBeDue() throws InterruptedException {
        // given a burst of 2 at 60 RPM, two requests started and a caller queued for the next slot
        Pacer pacer = Pacer.builder()
                .withSpacingMargin(false)
                .withRpm(60)
                .withBurst(2)
                .withTimeSource(clock)
                .withSleeper(clock)
                .build();
        pacer.acquire().close();
        pacer.acquire().close();
        List<String> order = Collections.synchronizedList(new ArrayList<>());
        Workers workers = new Workers();
        workers.start("first", () -> {
            try (Permit permit = pacer.acquire()) {
                order.add("first@" + clock.elapsed().toSeconds());
            }
        });
        clock.awaitSleepers(1);

        // when a newcomer arrives while the first sleeps
        workers.start("newcomer", () -> {
            try (Permit permit = pacer.acquire()) {
                order.add("newcomer@" + clock.elapsed().toSeconds());
            }
        });
        Eventually.until(() -> pacer.state().waiting() == 2, () -> "the newcomer is queued");
        Drive.untilFinished(clock, pacer, workers, 2);
        workers.joinAllAndCheck();

        // then it waits its turn
        assertThat(order).containsExactly("first@1", "newcomer@2");
        assertThat(clock.elapsed()).isEqualTo(Duration.ofSeconds(2));
    }
}
