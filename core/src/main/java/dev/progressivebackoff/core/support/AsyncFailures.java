package dev.progressivebackoff.core.support;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** What an asynchronous stage failed with, under the wrappers {@code CompletableFuture} puts around it. */
public final class AsyncFailures {

    private AsyncFailures() {}

    /**
     * {@code failure} without its {@link CompletionException} and {@link ExecutionException} wrappers (any depth);
     * a wrapper without a cause is returned as is.
     */
    public static Throwable cause(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
