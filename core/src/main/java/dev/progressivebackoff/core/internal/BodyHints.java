package dev.progressivebackoff.core.internal;

import dev.progressivebackoff.core.signals.ErrorBody;
import dev.progressivebackoff.core.signals.ServerHint;
import dev.progressivebackoff.core.signals.WaitSource;
import dev.progressivebackoff.core.support.GoDurations;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A retry hint inside an error message: {@code "please try again after 1 seconds"} (Moonshot),
 * {@code "Please try again in 644ms."}, {@code "try again in 9.816s"}, {@code "try again in 1m30s"}
 * (OpenAI, in Go duration form), {@code "retry after 20 seconds"}, {@code "try again in 2 minutes"}.
 * Matching ignores case. When a message has several hints, the longest wins.
 */
public final class BodyHints {

    private static final String GO_DURATION = "(?<go>(?:[0-9]+(?:\\.[0-9]+)?(?:ns|us|\u00b5s|\u03bcs|ms|h|m|s))+)";
    private static final String NUMBER_AND_WORD = "(?<number>[0-9]+(?:\\.[0-9]+)?)[ \\t]*"
            + "(?<unit>milliseconds?|millis|msecs?|ms|seconds?|secs?|s|minutes?|mins?|m|hours?|hrs?|h)(?:\\(s\\))?";
    private static final Pattern HINT = Pattern.compile(
            "(?:try[ \\t]+again|retry)[ \\t]+(?:after|in)[ \\t]+(?:" + GO_DURATION + "|" + NUMBER_AND_WORD
                    + ")(?![\\p{L}\\p{N}])",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

    private BodyHints() {}

    /** The hint in {@code body}'s message, if it has one. */
    public static Optional<ServerHint> hint(ErrorBody body) {
        return body.messageValue()
                .flatMap(BodyHints::longestIn)
                .map(found -> new ServerHint(found.value(), WaitSource.BODY_HINT, found.raw()));
    }

    /** The longest retry hint in {@code message}, with the phrase it came from. */
    public static Optional<RepeatedHeaders.Found<Duration>> longestIn(String message) {
        Matcher matcher = HINT.matcher(message);
        RepeatedHeaders.Found<Duration> longest = null;
        while (matcher.find()) {
            Optional<Duration> wait = matcher.group("go") != null
                    ? GoDurations.parse(matcher.group("go").toLowerCase(Locale.ROOT))
                    : Decimals.parse(matcher.group("number"))
                            .map(n -> Decimals.toDuration(
                                    inSeconds(n, matcher.group("unit").toLowerCase(Locale.ROOT))));
            if (wait.isPresent() && (longest == null || wait.get().compareTo(longest.value()) > 0)) {
                longest = new RepeatedHeaders.Found<>(wait.get(), matcher.group());
            }
        }
        return Optional.ofNullable(longest);
    }

    private static BigDecimal inSeconds(BigDecimal amount, String unit) {
        if (unit.startsWith("ms") || unit.startsWith("milli")) {
            return amount.movePointLeft(3);
        }
        if (unit.startsWith("h")) {
            return amount.multiply(BigDecimal.valueOf(3600));
        }
        if (unit.startsWith("m")) {
            return amount.multiply(BigDecimal.valueOf(60));
        }
        return amount;
    }
}
