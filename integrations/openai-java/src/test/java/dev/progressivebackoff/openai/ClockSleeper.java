package dev.progressivebackoff.openai;

import com.openai.core.Sleeper;
import dev.progressivebackoff.testsupport.FakeClock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** The SDK's sleeper on the test's fake clock: the stock client's own waits (Retry-After obeyed) cost no real time. */
final class ClockSleeper implements Sleeper {

    private final FakeClock clock;

    ClockSleeper(FakeClock clock) {
        this.clock = clock;
    }

    @Override
    public void sleep(Duration duration) {
        try {
            clock.sleep(duration);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public CompletableFuture<Void> sleepAsync(Duration duration) {
        sleep(duration);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void close() {}
}
