package dev.progressivebackoff.simulator;

/**
 * What the simulated provider has answered so far, for tests and summaries.
 *
 * @param requests     every request received (including rejected ones)
 * @param rateLimited  429 responses sent
 * @param serverErrors injected 5xx responses sent
 * @param unauthorized 401 responses sent
 * @param completions  successful chat completions
 */
public record ProviderStats(long requests, long rateLimited, long serverErrors, long unauthorized, long completions) {

    /** Nothing yet. */
    public static final ProviderStats ZERO = new ProviderStats(0, 0, 0, 0, 0);

    public ProviderStats {
        if (requests < 0 || rateLimited < 0 || serverErrors < 0 || unauthorized < 0 || completions < 0) {
            throw new IllegalArgumentException("counts must not be negative");
        }
    }
}
