package dev.progressivebackoff.cli.internal.bench;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What several worker processes sharing one key through Redis achieved together.
 *
 * @param redis       the Redis server, without credentials
 * @param completed   requests answered 200, over all workers
 * @param failed      requests given up on
 * @param attempts    requests the server received
 * @param rateLimited of those, the ones answered 429
 * @param wall        from the start signal to the last request's end
 * @param ideal       (requests − 1) × 60 s / RPM
 * @param together    how long every worker was sending: from the latest first completion to the earliest last
 * @param rpmTogether completions per minute, over all workers, while all were sending
 * @param perWorker   each worker's completions in all
 * @param perWorkerTogether each worker's completions while all were sending
 * @param events      Redis coordination warnings and notices, as the workers printed them
 */
public record MultiProcessResult(
        String redis,
        int completed,
        int failed,
        long attempts,
        long rateLimited,
        Duration wall,
        Duration ideal,
        Duration together,
        double rpmTogether,
        List<Integer> perWorker,
        List<Integer> perWorkerTogether,
        List<String> events) {

    public MultiProcessResult {
        Objects.requireNonNull(redis, "redis");
        Objects.requireNonNull(wall, "wall");
        Objects.requireNonNull(ideal, "ideal");
        Objects.requireNonNull(together, "together");
        perWorker = List.copyOf(perWorker);
        perWorkerTogether = List.copyOf(perWorkerTogether);
        events = List.copyOf(events);
    }

    /** Jain's fairness index of the shares while all were sending: (Σx)² / (n·Σx²), 1 when all are equal. */
    public double fairness() {
        return jain(perWorkerTogether);
    }

    /** The share of attempts answered 429, in percent. */
    public double rateLimitedPercent() {
        return attempts == 0 ? 0 : 100.0 * rateLimited / attempts;
    }

    /** Jain's fairness index of {@code shares}; 1 for none. */
    static double jain(List<Integer> shares) {
        double sum = 0;
        double squares = 0;
        for (int share : shares) {
            sum += share;
            squares += (double) share * share;
        }
        return squares == 0 ? 1.0 : sum * sum / (shares.size() * squares);
    }
}
