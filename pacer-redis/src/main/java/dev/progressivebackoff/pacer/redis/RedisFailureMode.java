package dev.progressivebackoff.pacer.redis;

/** What a {@link RedisPacer} does while Redis cannot be reached or fails. */
public enum RedisFailureMode {

    /**
     * {@link RedisPacer#acquire()} throws {@link RedisUnavailableException}: no request starts without the
     * shared schedule. Each later acquire tries Redis again, so work resumes as soon as it answers.
     */
    STOP,

    /**
     * Each process paces its keys locally at a conservative share of the quota (the rate and the tokens per
     * minute divided by the expected number of workers) and probes Redis every few seconds; when it answers
     * again, coordination resumes. The default.
     */
    FALLBACK_LOCAL
}
