package dev.progressivebackoff.core.signals;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One window of a quota family as a response announced it, e.g. Cerebras'
 * {@code x-ratelimit-{limit,remaining,reset}-tokens-minute} or {@code -requests-day}: what a request or token
 * budget can read, window by window.
 *
 * @param resource  {@code requests} or {@code tokens}
 * @param window    the window's length (a minute when the header names none, unless a requests reset more than
 *                  a minute away shows it longer: then a day, or the reset when longer, as its length is unknown)
 * @param limit     the quota of the window, when sent
 * @param remaining what is left of it, when sent
 * @param reset     the time until it is full again, when sent
 * @param header    the header family, e.g. {@code x-ratelimit-limit-tokens-minute}, for explanations
 */
public record WindowQuota(
        String resource,
        Duration window,
        OptionalLong limit,
        OptionalLong remaining,
        Optional<Duration> reset,
        String header) {

    public WindowQuota {
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(limit, "limit");
        Objects.requireNonNull(remaining, "remaining");
        Objects.requireNonNull(reset, "reset");
        Objects.requireNonNull(header, "header");
    }

    /** True when the window's remaining count is announced as 0. */
    public boolean isSpent() {
        return remaining.isPresent() && remaining.getAsLong() == 0;
    }
}
