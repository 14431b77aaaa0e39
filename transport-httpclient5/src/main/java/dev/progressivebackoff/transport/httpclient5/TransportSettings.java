package dev.progressivebackoff.transport.httpclient5;

import dev.progressivebackoff.core.decision.TransportRetryRules;
import dev.progressivebackoff.transport.httpclient5.internal.PlainHttp;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The knobs of the {@link HttpClient5Transport}, with the documented defaults ({@link #defaults()}): its own
 * retries (never on 429), timeouts, the connection pool and the body cap. Holds no endpoint and no credentials.
 *
 * @param maxTransportRetries retries on I/O errors and retryable statuses (5: 6 attempts)
 * @param transportBaseDelay  the first computed wait; retry n waits base × 2^(n−1) (2 s)
 * @param retryStatusCodes    statuses the transport retries (408, 409, 500, 502, 503, 504, 529); 429 is always
 *                            dropped
 * @param maxTransportWait    cap on the computed waits (120 s)
 * @param maxServerWait       the longest server hint on a retried status obeyed (900 s); a longer one ends the retries.
 *                            A teacher client sets it to its rate-limit settings' maximum server wait
 * @param poolSize            connection pool size, in total and per route (16)
 * @param connectTimeout      TCP connect timeout (10 s)
 * @param responseTimeout     how long to wait for response data (5 min): the inactivity timeout
 * @param requestDeadline     the longest one attempt may take from send to the last byte of the response (15 min),
 *                            however steadily the server dribbles; an attempt past it is cut and counts as a
 *                            timeout
 * @param maxResponseBytes    the largest response body read (8 MiB)
 * @param allowInsecureHttp   allow plain {@code http://} to a host that is not loopback (the API key would travel
 *                            in clear); refused by default. TLS verification itself can never be turned off.
 */
public record TransportSettings(
        int maxTransportRetries,
        Duration transportBaseDelay,
        List<Integer> retryStatusCodes,
        Duration maxTransportWait,
        Duration maxServerWait,
        int poolSize,
        Duration connectTimeout,
        Duration responseTimeout,
        Duration requestDeadline,
        long maxResponseBytes,
        boolean allowInsecureHttp) {

    /** 5 retries: 6 attempts. */
    public static final int DEFAULT_MAX_TRANSPORT_RETRIES = 5;
    /** 2 s: waits of 2, 4, 8, 16, 32 s. */
    public static final Duration DEFAULT_TRANSPORT_BASE_DELAY = Duration.ofSeconds(2);
    /** 408, 409, 500, 502, 503, 504, 529: the statuses classified as transient ({@link TransportRetryRules}). */
    public static final List<Integer> DEFAULT_RETRY_STATUS_CODES =
            List.copyOf(new TreeSet<>(TransportRetryRules.DEFAULT_STATUSES));
    /** 120 s. */
    public static final Duration DEFAULT_MAX_TRANSPORT_WAIT = Duration.ofSeconds(120);
    /** 900 s. */
    public static final Duration DEFAULT_MAX_SERVER_WAIT = Duration.ofSeconds(900);
    /** 16 connections. */
    public static final int DEFAULT_POOL_SIZE = 16;
    /** 10 s. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** 5 min: LLM calls can take minutes. */
    public static final Duration DEFAULT_RESPONSE_TIMEOUT = Duration.ofMinutes(5);
    /** 15 min: a long LLM answer streams for minutes; a server dribbling bytes forever does not. */
    public static final Duration DEFAULT_REQUEST_DEADLINE = Duration.ofMinutes(15);
    /** The largest body a response may have by default: 8 MiB. */
    public static final long DEFAULT_MAX_RESPONSE_BYTES = 8L * 1024 * 1024;
    /** The largest body size that can be configured (a Java array's limit). */
    public static final long MAX_RESPONSE_BYTES_LIMIT = Integer.MAX_VALUE - 8;

    public TransportSettings {
        if (maxTransportRetries < 0) {
            throw new IllegalArgumentException("maxTransportRetries must not be negative: " + maxTransportRetries);
        }
        Objects.requireNonNull(transportBaseDelay, "transportBaseDelay");
        if (transportBaseDelay.isNegative()) {
            throw new IllegalArgumentException("transportBaseDelay must not be negative: " + transportBaseDelay);
        }
        retryStatusCodes = statuses(retryStatusCodes);
        positive("maxTransportWait", maxTransportWait);
        Objects.requireNonNull(maxServerWait, "maxServerWait");
        if (maxServerWait.isNegative()) {
            throw new IllegalArgumentException("maxServerWait must not be negative: " + maxServerWait);
        }
        if (poolSize < 1) {
            throw new IllegalArgumentException("poolSize must be at least 1: " + poolSize);
        }
        positive("connectTimeout", connectTimeout);
        positive("responseTimeout", responseTimeout);
        positive("requestDeadline", requestDeadline);
        if (maxResponseBytes < 1 || maxResponseBytes > MAX_RESPONSE_BYTES_LIMIT) {
            throw new IllegalArgumentException(
                    "maxResponseBytes must be between 1 and " + MAX_RESPONSE_BYTES_LIMIT + ": " + maxResponseBytes);
        }
    }

    /** The documented defaults: 5 retries from 2 s on 500/502/503/504, a pool of 16, 8 MiB bodies. */
    public static TransportSettings defaults() {
        return new Builder().build();
    }

    /** These retries as the decision reads them (429 left out: the rate-limit loop owns it). */
    public TransportRetryRules retryRules() {
        Set<Integer> statuses = new TreeSet<>(retryStatusCodes);
        statuses.remove(429);
        return new TransportRetryRules(maxTransportRetries, transportBaseDelay, statuses, maxTransportWait);
    }

    /** A builder starting from the {@link #defaults()}. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these settings. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * True if {@code uri} is plain {@code http://} to a host that is not loopback ({@code localhost},
     * {@code 127.0.0.0/8}, {@code ::1}): an API key and prompts sent there would travel in clear.
     */
    public static boolean isInsecure(URI uri) {
        return PlainHttp.isInsecure(Objects.requireNonNull(uri, "uri"));
    }

    /**
     * Checks that these settings allow sending to {@code uri}.
     *
     * @throws InsecureEndpointException it is plain http:// to a host that is not loopback and
     *                                   {@link #allowInsecureHttp()} is off (the message names the host only)
     */
    public void checkEndpoint(URI uri) {
        if (!allowInsecureHttp && isInsecure(uri)) {
            throw new InsecureEndpointException(uri.getHost(), PlainHttp.refusal(uri));
        }
    }

    private static List<Integer> statuses(List<Integer> codes) {
        Objects.requireNonNull(codes, "retryStatusCodes");
        for (Integer code : codes) {
            if (code == null || code < 100 || code > 599) {
                throw new IllegalArgumentException("retryStatusCodes must be HTTP statuses 100-599: " + code);
            }
        }
        return List.copyOf(new TreeSet<>(codes));
    }

    private static void positive(String field, Duration value) {
        Objects.requireNonNull(value, field);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(field + " must be positive: " + value);
        }
    }

    /**
     * Builds {@link TransportSettings} field by field; not thread-safe. Values are checked when {@link #build()}
     * runs (the record's constructor names the offending field).
     */
    public static final class Builder {
        private int maxTransportRetries = DEFAULT_MAX_TRANSPORT_RETRIES;
        private Duration transportBaseDelay = DEFAULT_TRANSPORT_BASE_DELAY;
        private List<Integer> retryStatusCodes = DEFAULT_RETRY_STATUS_CODES;
        private Duration maxTransportWait = DEFAULT_MAX_TRANSPORT_WAIT;
        private Duration maxServerWait = DEFAULT_MAX_SERVER_WAIT;
        private int poolSize = DEFAULT_POOL_SIZE;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration responseTimeout = DEFAULT_RESPONSE_TIMEOUT;
        private Duration requestDeadline = DEFAULT_REQUEST_DEADLINE;
        private long maxResponseBytes = DEFAULT_MAX_RESPONSE_BYTES;
        private boolean allowInsecureHttp;

        private Builder() {}

        private Builder(TransportSettings from) {
            maxTransportRetries = from.maxTransportRetries;
            transportBaseDelay = from.transportBaseDelay;
            retryStatusCodes = from.retryStatusCodes;
            maxTransportWait = from.maxTransportWait;
            maxServerWait = from.maxServerWait;
            poolSize = from.poolSize;
            connectTimeout = from.connectTimeout;
            responseTimeout = from.responseTimeout;
            requestDeadline = from.requestDeadline;
            maxResponseBytes = from.maxResponseBytes;
            allowInsecureHttp = from.allowInsecureHttp;
        }

        /** Retries on I/O errors and retryable statuses (5: 6 attempts). */
        public Builder withMaxTransportRetries(int value) {
            this.maxTransportRetries = value;
            return this;
        }

        /** The first computed wait; retry n waits base × 2^(n−1) (2 s). */
        public Builder withTransportBaseDelay(Duration value) {
            this.transportBaseDelay = value;
            return this;
        }

        /** The statuses to retry (408, 409, 500, 502, 503, 504, 529); 429 is dropped with a warning when a transport is built. */
        public Builder withRetryStatusCodes(Collection<Integer> value) {
            this.retryStatusCodes = value == null ? null : new ArrayList<>(value);
            return this;
        }

        /** The cap on computed waits (120 s). */
        public Builder withMaxTransportWait(Duration value) {
            this.maxTransportWait = value;
            return this;
        }

        /** The longest {@code Retry-After} of a 503 obeyed (900 s). */
        public Builder withMaxServerWait(Duration value) {
            this.maxServerWait = value;
            return this;
        }

        /** The connection pool size, in total and per route (16). */
        public Builder withPoolSize(int value) {
            this.poolSize = value;
            return this;
        }

        /** The TCP connect timeout (10 s). */
        public Builder withConnectTimeout(Duration value) {
            this.connectTimeout = value;
            return this;
        }

        /** How long to wait for response data (5 min). */
        public Builder withResponseTimeout(Duration value) {
            this.responseTimeout = value;
            return this;
        }

        /** The longest one attempt may take, from send to the last byte of the response (15 min). */
        public Builder withRequestDeadline(Duration value) {
            this.requestDeadline = value;
            return this;
        }

        /** The largest response body read (8 MiB); a larger one fails with {@link ResponseTooLargeException}. */
        public Builder withMaxResponseBytes(long value) {
            this.maxResponseBytes = value;
            return this;
        }

        /**
         * Allows plain {@code http://} to a host that is not loopback, over which the API key travels in clear
         * (refused by default).
         */
        public Builder withAllowInsecureHttp(boolean value) {
            this.allowInsecureHttp = value;
            return this;
        }

        /** The settings; throws {@link IllegalArgumentException} naming the first invalid field. */
        public TransportSettings build() {
            return new TransportSettings(
                    maxTransportRetries,
                    transportBaseDelay,
                    retryStatusCodes,
                    maxTransportWait,
                    maxServerWait,
                    poolSize,
                    connectTimeout,
                    responseTimeout,
                    requestDeadline,
                    maxResponseBytes,
                    allowInsecureHttp);
        }
    }
}
