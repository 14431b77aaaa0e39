package dev.progressivebackoff.core.decision;

/** Why a response is not retried. */
public enum GiveUpKind {
    /** A success: nothing to retry. */
    SUCCEEDED,
    /** Waiting cannot help (the status, the body or {@code x-should-retry: false} say so). */
    NOT_RETRYABLE,
    /** Every allowed retry was spent. */
    RETRIES_EXHAUSTED,
    /** The server will not accept requests before an instant further away than the maximum server wait. */
    UNAVAILABLE_UNTIL
}
