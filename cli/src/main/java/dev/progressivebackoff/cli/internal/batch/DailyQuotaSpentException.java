package dev.progressivebackoff.cli.internal.batch;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A sample not sent, or refused, because the key's per-day quota is spent: the run stops starting samples and
 * records this one and the rest as not done, to resume after the reset.
 */
public final class DailyQuotaSpentException extends SampleFailedException {
    private static final long serialVersionUID = 1L;

    private final transient Optional<Duration> resetIn;

    /**
     * The quota is spent.
     *
     * @param message what said so (never containing the API key)
     * @param status  429 when a server refused the sample, empty when it was not sent
     * @param resetIn how long until the quota resets, when known
     */
    public DailyQuotaSpentException(String message, OptionalInt status, Optional<Duration> resetIn) {
        super(message, status, status.isPresent() ? 1 : 0, status.isPresent() ? 1 : 0);
        this.resetIn = resetIn;
    }

    /** How long until the quota resets, measured when this was thrown, when known. */
    public Optional<Duration> resetIn() {
        return resetIn;
    }
}
