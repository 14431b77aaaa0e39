package dev.progressivebackoff.pacing;

import dev.progressivebackoff.testsupport.Eventually;
import dev.progressivebackoff.testsupport.FakeClock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Drives a {@link FakeClock} from sleeper to sleeper while worker threads use a pacer. The clock only
 * moves when the system is quiet: every unfinished worker is queued in the pacer, none holds a permit, and
 * the head of the queue sleeps. So each worker reads the clock at exactly the instant it was let start.
 */
final class Drive {

    private Drive() {}

    /** Advances the clock until {@code count} workers have finished. */
    static void untilFinished(FakeClock clock, Pacer pacer, Workers workers, int count) {
        while (true) {
            Eventually.until(
                    () -> workers.finished() == count || quiet(clock, pacer, workers, count),
                    () -> "the workers are quiet; " + pacer.state() + ", sleepers " + clock.sleepers() + ", finished "
                            + workers.finished() + ", failures " + workers.failures());
            if (workers.finished() == count) {
                return;
            }
            clock.advanceToNextDeadline();
        }
    }

    /** The virtual instant at which one more {@code acquire} on {@code pacer} is let start. */
    @SuppressWarnings("try") // the permit is only held, released when the block ends
    static Duration startOfNextAcquire(FakeClock clock, Pacer pacer) throws InterruptedException {
        AtomicReference<Duration> start = new AtomicReference<>();
        Workers workers = new Workers();
        workers.start("next", () -> {
            try (Permit permit = pacer.acquire()) {
                start.set(clock.elapsed());
            }
        });
        untilFinished(clock, pacer, workers, 1);
        workers.joinAllAndCheck();
        return start.get();
    }

    /**
     * The order of reads matters: a sleeping head cannot wake or be overtaken until the clock moves, so once
     * it is seen sleeping, a state showing every unfinished worker queued and no permit out stays true.
     */
    private static boolean quiet(FakeClock clock, Pacer pacer, Workers workers, int count) {
        if (clock.sleepers() != 1) {
            return false;
        }
        int finished = workers.finished();
        PacerState state = pacer.state();
        return state.inFlight() == 0 && state.waiting() == count - finished;
    }
}
