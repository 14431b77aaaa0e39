package dev.progressivebackoff.cli.internal;

import dev.progressivebackoff.cli.StopSignal;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

/**
 * Runs a blocking step (the health check, tier detection) that a stop must cut short: blocking HTTP reads do
 * not answer interrupts, so the step runs on its own daemon thread and the caller stops waiting for it as
 * soon as the stop signal trips. An abandoned step sends nothing more that matters: the process is ending.
 */
public final class UntilStopped {

    private UntilStopped() {}

    /**
     * The result of {@code step}, or empty when {@code stop} tripped first.
     *
     * @throws RuntimeException what {@code step} threw
     * @throws InterruptedException if the calling thread is interrupted while waiting
     */
    public static <T> Optional<T> call(String name, Supplier<T> step, StopSignal stop) throws InterruptedException {
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread thread = new Thread(
                () -> {
                    try {
                        result.complete(step.get());
                    } catch (RuntimeException | Error failure) {
                        result.completeExceptionally(failure);
                    }
                },
                "backoff-" + name);
        thread.setDaemon(true);
        thread.start();
        stop.onTrip(() -> result.cancel(false));
        try {
            return Optional.of(result.get());
        } catch (CancellationException stopped) {
            thread.interrupt();
            return Optional.empty();
        } catch (ExecutionException failed) {
            if (failed.getCause() instanceof Error error) {
                throw error;
            }
            throw (RuntimeException) failed.getCause();
        }
    }
}
