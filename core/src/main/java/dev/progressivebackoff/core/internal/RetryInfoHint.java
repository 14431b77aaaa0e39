package dev.progressivebackoff.core.internal;

import dev.progressivebackoff.core.signals.ErrorBody;
import dev.progressivebackoff.core.signals.ServerHint;
import dev.progressivebackoff.core.signals.WaitSource;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Google's {@code google.rpc.RetryInfo.retryDelay} (Gemini API, Vertex AI), a protobuf duration in its JSON form:
 * decimal seconds with an {@code s} suffix ({@code "37s"}, {@code "1.5s"}).
 */
public final class RetryInfoHint {

    private static final Pattern PROTO_DURATION = Pattern.compile("([0-9]{1,30}(?:\\.[0-9]{1,9})?)s");

    private RetryInfoHint() {}

    /** The body's retry delay as a hint, if it has a valid one. */
    public static Optional<ServerHint> hint(ErrorBody body) {
        return body.retryDelayValue()
                .flatMap(raw -> parse(raw).map(delay -> new ServerHint(delay, WaitSource.RETRY_INFO, raw)));
    }

    /** A protobuf JSON duration as a wait. */
    public static Optional<Duration> parse(String value) {
        Matcher matcher = PROTO_DURATION.matcher(Decimals.trimOws(value));
        return matcher.matches() ? Decimals.parse(matcher.group(1)).map(Decimals::toDuration) : Optional.empty();
    }
}
