package dev.progressivebackoff.client;

import dev.progressivebackoff.core.Seconds;
import dev.progressivebackoff.core.Tier;
import dev.progressivebackoff.core.retry.RetryEvent;
import dev.progressivebackoff.core.signals.ServerHint;
import dev.progressivebackoff.transport.httpclient5.TransportRetryEvent;
import java.util.Collection;
import java.util.Optional;

/**
 * The documented log lines, as text. {@link TeacherClient} logs exactly these at INFO (gave-up lines at
 * WARN); tools that capture the lines (the replay harness, tests) get the same text.
 * <pre>
 * [TeacherClient] Detected tier: free (RPM: 3, delay: 20.0s)
 * [TeacherClient] Rate limited (429), waiting 20.0s before retry 1/6 (tier: free, base: 20.0s)
 * [TeacherClient] Rate limited (429), waiting 5.0s before retry 1/6 (retry-after: 5, tier: free)
 * [TeacherClient] Gave up after 7 attempts: Max retries exceeded (after proper tier-aware backoff)
 * [TeacherClient] Server error (HTTP 503), waiting 2.0s before transport retry 1/5
 * </pre>
 */
public final class RetryLogLines {

    /** Every line starts with this. */
    public static final String PREFIX = "[TeacherClient] ";

    private RetryLogLines() {}

    /**
     * The line for a retry-loop event; empty for a first-try success, a pacer wait and a probe, which are not logged,
     * and for a give-up on a transport failure, which a chat call logs as {@code Request error: ...}.
     */
    public static Optional<String> of(RetryEvent event) {
        if (event instanceof RetryEvent.Paced || event instanceof RetryEvent.Probed) {
            return Optional.empty();
        }
        if (event instanceof RetryEvent.TierDetected detected) {
            return Optional.of(detectedTier(detected.tier()));
        }
        if (event instanceof RetryEvent.RateLimited limited) {
            return Optional.of(rateLimited(limited));
        }
        if (event instanceof RetryEvent.GaveUp gaveUp) {
            if (gaveUp.cause() == RetryEvent.GaveUp.Cause.TRANSPORT_FAILURE) {
                return Optional.empty();
            }
            int attempts = gaveUp.attempts().size();
            return Optional.of(PREFIX + "Gave up after " + attempts + (attempts == 1 ? " attempt: " : " attempts: ")
                    + gaveUp.reason());
        }
        RetryEvent.Succeeded succeeded = (RetryEvent.Succeeded) event;
        return succeeded.attempts() <= 1
                ? Optional.empty()
                : Optional.of(PREFIX + "Succeeded after " + succeeded.attempts() + " attempts (waited "
                        + Seconds.format(succeeded.totalWait()) + ")");
    }

    /** {@code [TeacherClient] Detected tier: free (RPM: 3, delay: 20.0s)}. */
    public static String detectedTier(Tier tier) {
        return PREFIX + "Detected tier: " + tier.describe();
    }

    /** The warning for a 429 found among the transport's retry statuses (it is dropped). */
    public static String ignored429(Collection<Integer> remaining) {
        return PREFIX + "Ignoring 429 in retryStatusCodes: rate limits are handled by the tier-aware backoff, "
                + "never by transport retries (retrying on "
                + remaining.stream().sorted().toList() + ")";
    }

    /** The line for a transport retry. */
    public static String of(TransportRetryEvent event) {
        String what = event.status().isPresent()
                ? "Server error (" + event.cause() + ")"
                : "Request error (" + event.cause() + ")";
        return PREFIX + what + ", waiting " + Seconds.format(event.delay()) + " before transport retry " + event.retry()
                + "/" + event.maxRetries() + (event.fromRetryAfter() ? " (retry-after)" : "");
    }

    private static String rateLimited(RetryEvent.RateLimited event) {
        String head = PREFIX + "Rate limited (" + event.signals().status() + "), waiting "
                + Seconds.format(event.delay()) + " before retry " + event.retry() + "/" + event.maxRetries();
        Tier tier = event.tier();
        if (!event.source().isServerHint()) {
            return head + " (tier: " + tier.name() + ", base: " + Seconds.format(tier.baseDelay()) + ")";
        }
        String raw = event.signals().hints().stream()
                .filter(hint -> hint.source() == event.source())
                .map(ServerHint::raw)
                .findFirst()
                .orElse(Seconds.format(event.delay()));
        return head + " (" + event.source().wireName() + ": " + raw + ", tier: " + tier.name() + ")";
    }
}
