package dev.progressivebackoff.pacer.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.progressivebackoff.core.Sleeper;
import dev.progressivebackoff.core.SystemSleeper;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Really sleeps (Redis's clock runs on whatever the test does), and records each wait. Thread-safe. */
final class RecordingSleeper implements Sleeper {

    private final List<Duration> sleeps = new CopyOnWriteArrayList<>();

    @Override
    public void sleep(Duration duration) throws InterruptedException {
        sleeps.add(duration);
        SystemSleeper.INSTANCE.sleep(duration);
    }

    /**
     * The waits of one acquire that waited for a start {@code from} to {@code to} away: one sleep toward it (asking a
     * round trip early), at most one more for what that early ask found left or was granted ahead of time.
     *
     * @throws AssertionError otherwise
     */
    void assertWaitedOnceBetween(Duration from, Duration to) {
        List<Duration> waits = sleeps();
        assertThat(waits).hasSizeBetween(1, 2);
        assertThat(waits.stream().reduce(Duration.ZERO, Duration::plus)).isBetween(from, to);
    }

    /** Every wait asked for so far. */
    List<Duration> sleeps() {
        return List.copyOf(sleeps);
    }
}
