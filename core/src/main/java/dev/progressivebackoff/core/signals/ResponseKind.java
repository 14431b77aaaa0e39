package dev.progressivebackoff.core.signals;

/** What a response means for retrying. */
public enum ResponseKind {
    /** 2xx: done. */
    SUCCESS,
    /** A 429 worth waiting for: the rate-limit loop's business. */
    RATE_LIMITED,
    /**
     * 500/502/503/504 (also 408, 409 and Anthropic's 529 "overloaded"): the transport's own retries
     * handle these.
     */
    TRANSIENT,
    /** Not worth retrying: quota or billing exhausted, request too large, daily cap, 4xx, x-should-retry: false. */
    FATAL
}
