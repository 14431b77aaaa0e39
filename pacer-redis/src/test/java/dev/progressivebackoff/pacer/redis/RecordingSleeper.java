package dev.progressivebackoff.pacer.redis;

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

    /** Every wait asked for so far. */
    List<Duration> sleeps() {
        return List.copyOf(sleeps);
    }
}
