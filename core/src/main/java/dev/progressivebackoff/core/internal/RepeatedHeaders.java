package dev.progressivebackoff.core.internal;

import dev.progressivebackoff.core.signals.ResponseHeaders;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The rule for a header sent on several lines: every line is parsed on its own, malformed lines are
 * ignored, and the largest valid value wins.
 */
public final class RepeatedHeaders {

    private RepeatedHeaders() {}

    /**
     * A parsed header value and the line it came from.
     *
     * @param value the parsed value
     * @param raw   the line as sent
     * @param <T>   the value type
     */
    public record Found<T>(T value, String raw) {

        public Found {
            Objects.requireNonNull(value, "value");
            Objects.requireNonNull(raw, "raw");
        }
    }

    /** The largest valid value among the lines of {@code name}, with its line. */
    public static <T extends Comparable<? super T>> Optional<Found<T>> largest(
            ResponseHeaders headers, String name, Function<String, Optional<T>> parser) {
        Found<T> best = null;
        for (String line : headers.all(name)) {
            Optional<T> parsed = parser.apply(line);
            if (parsed.isPresent() && (best == null || parsed.get().compareTo(best.value()) > 0)) {
                best = new Found<>(parsed.get(), line);
            }
        }
        return Optional.ofNullable(best);
    }

    /** The largest valid value among the lines of {@code name}. */
    public static <T extends Comparable<? super T>> Optional<T> largestValue(
            ResponseHeaders headers, String name, Function<String, Optional<T>> parser) {
        return largest(headers, name, parser).map(Found::value);
    }

    /** True if the largest valid value of the count header {@code name} is zero. */
    public static boolean isZero(ResponseHeaders headers, String name) {
        return largestValue(headers, name, Decimals::parseCount)
                .filter(count -> count == 0)
                .isPresent();
    }
}
