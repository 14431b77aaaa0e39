package dev.progressivebackoff.core.signals;

/**
 * Where a wait came from. Server hints are listed in the order they win over each other
 * (the order in docs/pacing.md, "Where the waits after a 429 are decided"); {@link #TIER_BACKOFF} and
 * {@link #TRANSPORT_BACKOFF} are the toolkit's own schedules.
 */
public enum WaitSource {
    /** {@code retry-after-ms} (OpenAI, Azure), milliseconds. */
    RETRY_AFTER_MS("retry-after-ms"),
    /** {@code Retry-After}, RFC 9110 delay-seconds or HTTP-date. */
    RETRY_AFTER("retry-after"),
    /** {@code x-retry-after}, seconds. */
    X_RETRY_AFTER("x-retry-after"),
    /** Google's {@code google.rpc.RetryInfo} {@code retryDelay} in the error body (Gemini, Vertex AI), e.g. 37s. */
    RETRY_INFO("retry-info"),
    /** IETF {@code RateLimit} with {@code r=0;t=N}, or the older {@code RateLimit-Reset} when remaining is 0. */
    RATELIMIT("ratelimit"),
    /** OpenAI {@code x-ratelimit-reset-requests} when {@code x-ratelimit-remaining-requests} is 0. */
    X_RATELIMIT_RESET_REQUESTS("x-ratelimit-reset-requests"),
    /** OpenAI {@code x-ratelimit-reset-tokens} when {@code x-ratelimit-remaining-tokens} is 0. */
    X_RATELIMIT_RESET_TOKENS("x-ratelimit-reset-tokens"),
    /** An {@code anthropic-ratelimit-*-reset} whose matching remaining is 0. */
    ANTHROPIC_RATELIMIT_RESET("anthropic-ratelimit-reset"),
    /** Legacy {@code X-RateLimit-Reset} (delta, epoch seconds or epoch millis) when remaining is 0. */
    X_RATELIMIT_RESET("x-ratelimit-reset"),
    /** A hint inside the error message: "please try again after 1 seconds", "try again in 644ms". */
    BODY_HINT("body-hint"),
    /** No hint: the policy's tier-aware schedule. */
    TIER_BACKOFF("tier-backoff"),
    /** No hint on a retried 5xx: the transport's own schedule. */
    TRANSPORT_BACKOFF("transport-backoff"),
    /** No wait at all (e.g. the last attempt of a run). */
    NONE("none");

    private final String wireName;

    WaitSource(String wireName) {
        this.wireName = wireName;
    }

    /** The stable name used in logs and JSON, e.g. {@code retry-after-ms}. */
    public String wireName() {
        return wireName;
    }

    /** True if the server asked for this wait. */
    public boolean isServerHint() {
        return this != TIER_BACKOFF && this != TRANSPORT_BACKOFF && this != NONE;
    }
}
