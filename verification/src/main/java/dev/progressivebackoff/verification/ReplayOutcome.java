package dev.progressivebackoff.verification;

import dev.progressivebackoff.core.ProgressiveBackoffException;
import java.util.Objects;

/** How a replayed call ended. */
public sealed interface ReplayOutcome {

    /** True if the call got through. */
    default boolean succeeded() {
        return this instanceof Succeeded;
    }

    /**
     * The call got through.
     *
     * @param status the status of the successful response
     */
    record Succeeded(int status) implements ReplayOutcome {
        @Override
        public String toString() {
            return "succeeded with HTTP " + status;
        }
    }

    /**
     * The call stopped without success.
     *
     * @param message   the failure's message, e.g. "Max retries exceeded (after proper tier-aware backoff)"
     * @param exception what the retry loop threw
     */
    record GaveUp(String message, ProgressiveBackoffException exception) implements ReplayOutcome {
        public GaveUp {
            Objects.requireNonNull(message, "message");
            Objects.requireNonNull(exception, "exception");
        }

        @Override
        public String toString() {
            return "gave up (" + exception.getClass().getSimpleName() + "): " + message;
        }
    }
}
