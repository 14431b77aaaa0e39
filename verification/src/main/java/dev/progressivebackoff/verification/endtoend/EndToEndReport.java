package dev.progressivebackoff.verification.endtoend;

import dev.progressivebackoff.core.Seconds;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What an end-to-end replay measured.
 *
 * @param tier             the tier in force at the end
 * @param waits            every wait, in order (rate-limit and transport), as the simulated clock saw them
 * @param requestsReceived how many requests the local server actually received
 * @param requests         those requests, as {@code METHOD /path}
 * @param logLines         the client's log lines, as logged
 * @param failure          the message the call failed with, if it failed
 * @param virtualTime      simulated time that passed
 */
public record EndToEndReport(
        String tier,
        List<Duration> waits,
        int requestsReceived,
        List<String> requests,
        List<String> logLines,
        Optional<String> failure,
        Duration virtualTime) {

    public EndToEndReport {
        Objects.requireNonNull(tier, "tier");
        waits = List.copyOf(waits);
        requests = List.copyOf(requests);
        logLines = List.copyOf(logLines);
        Objects.requireNonNull(failure, "failure");
        Objects.requireNonNull(virtualTime, "virtualTime");
    }

    /** The sum of all waits. */
    public Duration totalWait() {
        return waits.stream().reduce(Duration.ZERO, Duration::plus);
    }

    /** A plain-text summary: tier, requests, waits, outcome, then the log lines. */
    public String describe() {
        StringBuilder text = new StringBuilder();
        text.append("tier: ").append(tier).append('\n');
        text.append("requests received: ").append(requestsReceived).append('\n');
        text.append("waits: ")
                .append(waits.stream().map(Seconds::format).toList())
                .append(" (total ")
                .append(Seconds.format(totalWait()))
                .append(")\n");
        text.append("outcome: ")
                .append(failure.map(f -> "failed: " + f).orElse("succeeded"))
                .append('\n');
        logLines.forEach(line -> text.append(line).append('\n'));
        return text.toString();
    }
}
