package dev.progressivebackoff.transport.httpclient5;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.progressivebackoff.pacing.PacerState;
import dev.progressivebackoff.pacing.Permit;
import dev.progressivebackoff.core.Tier;
import dev.progressivebackoff.core.TierCatalog;
import dev.progressivebackoff.core.TimeSource;
import dev.progressivebackoff.core.retry.ExchangeResult;
import dev.progressivebackoff.core.retry.RateLimitRetryLoop;
import dev.progressivebackoff.core.retry.RetryEvent;
import dev.progressivebackoff.core.retry.RetryInterruptedException;
import dev.progressivebackoff.core.retry.RetryListener;
import dev.progressivebackoff.core.signals.ErrorBody;
import dev.progressivebackoff.core.signals.RateLimitSignals;
import dev.progressivebackoff.core.signals.ResponseKind;
import dev.progressivebackoff.transport.httpclient5.internal.CallScopedListener;
import dev.progressivebackoff.transport.httpclient5.internal.CallStats;
import dev.progressivebackoff.transport.httpclient5.internal.ChatJson;
import dev.progressivebackoff.transport.httpclient5.internal.ClientPacing;
import dev.progressivebackoff.transport.httpclient5.internal.ClientLog;
import dev.progressivebackoff.core.support.ErrorBodies;
import dev.progressivebackoff.transport.httpclient5.internal.Once;
import dev.progressivebackoff.core.support.TextSnippet;
import dev.progressivebackoff.transport.httpclient5.internal.TierObserver;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An OpenAI-compatible chat client (Moonshot/Kimi first) that calls as fast as the quota allows: each call
 * runs in the core rate-limit loop (tier-aware backoff on 429, server hints obeyed), over the
 * {@link HttpClient5Transport} (its own retries for I/O errors and 5xx, never for 429).
 *
 * <p>With tier {@code auto}, the tier is detected with one {@code GET /models} before the first call
 * (unless {@link BackoffSettings#skipTierDetection()}, or a health check already revealed it); with an
 * explicit tier nothing is sent before the first real request. Either way every response's rate-limit
 * headers keep the tier up to date at no cost.
 *
 * <p>Requests are paced ({@link BackoffSettings#pace()}, on by default): each attempt waits for a permit
 * of the pacer of its rate-limit key (endpoint + key fingerprint), which spaces starts at the tier's rate,
 * caps requests in flight at the tier's concurrency, learns from {@code remaining}/{@code reset} headers
 * and, after any 429, holds every request on the key until the cool-down ends. Clients built with one
 * {@link TeacherClientBuilder#withPacerRegistry registry} share one pacer per key. The documented backoff
 * stays the safety net behind it.
 *
 * <p>Thread-safe; close it to release connections. The API key never appears in logs, messages or
 * {@link #toString()}.
 */
public final class TeacherClient implements AutoCloseable {

    private final BackoffSettings settings;
    private final ApiKey apiKey;
    private final TierCatalog catalog;
    /** Reads the tier from every response, once, for the loop, the pacer and the listeners alike. */
    private final TierObserver tiers;
    private final HttpClient5Transport transport;
    private final TimeSource timeSource;
    private final RetryListener listeners;
    /** Routes the loop's events to the per-call {@link CallStats} of the thread running it. */
    private final CallScopedListener calls = new CallScopedListener();
    /** Built once; thread-safe (each call keeps its own attempts), shared by every chat call. */
    private final RateLimitRetryLoop loop;
    private final ClientPacing pacing;
    private final ClientLog log;
    /** Sent on every request besides the usual ones ({@link TeacherClientBuilder#withHeader}). */
    private final Map<String, String> extraHeaders;
    private final ObjectMapper mapper = new ObjectMapper();
    /** The tier detection before the first call (tier {@code auto}), done once. */
    private final Once preflight = new Once();
    /** {@code {endpoint}/chat/completions}, resolved once; null if it does not resolve (each call then fails). */
    private final URI chatUri;

    TeacherClient(TeacherClientBuilder.Parts parts) {
        this.settings = parts.settings();
        this.apiKey = parts.apiKey();
        this.catalog = parts.catalog();
        this.tiers = parts.tiers();
        this.transport = parts.transport();
        this.timeSource = parts.timeSource();
        this.log = parts.log();
        this.pacing = parts.pacing();
        this.extraHeaders = parts.headers();
        RetryListener logging = event -> RetryLogLines.of(event).ifPresent(line -> {
            if (event instanceof RetryEvent.GaveUp) {
                log.warn(line);
            } else {
                log.info(line);
            }
        });
        this.listeners = pacing.andThen(logging).andThen(parts.listener());
        this.loop = retryLoop(parts, listeners, calls);
        this.chatUri = resolvedOrNull("chat/completions");
    }

    /** The rate-limit loop every chat call runs in: client listeners first, then the call's own stats. */
    private static RateLimitRetryLoop retryLoop(TeacherClientBuilder.Parts parts, RetryListener listeners,
                                                RetryListener perCall) {
        ClientLog log = parts.log();
        return RateLimitRetryLoop.builder()
                .withPolicy(parts.policy())
                .withTierTracker(parts.tiers().tracker())
                .withTimeSource(parts.timeSource())
                .withSleeper(parts.sleeper())
                .withMaxServerWait(parts.settings().maxServerWait())
                .onEvent(listeners)
                .onEvent(perCall)
                .onListenerError((event, failure) -> log.warn(RetryLogLines.PREFIX + "A retry listener failed on "
                        + event.getClass().getSimpleName() + ": " + failure))
                .build();
    }

    /**
     * A client with the documented defaults: tier {@code auto}, the default catalog and policy.
     *
     * @param endpoint           e.g. {@code https://api.moonshot.ai/v1}
     * @param apiKey             the API key (never logged)
     * @param maxRetries         transport retries (5 allows 6 attempts); 429 is never among them
     * @param retryBackoffFactor transport waits are factor × 2^(n−1) s
     */
    public static TeacherClient fromEndpoint(String endpoint, String apiKey, int maxRetries,
                                             double retryBackoffFactor) {
        return builder().withEndpoint(endpoint).withApiKey(apiKey).withMaxRetries(maxRetries)
                .withRetryBackoffFactor(retryBackoffFactor).build();
    }

    /** A builder starting from {@link BackoffSettings#defaults()}. */
    public static TeacherClientBuilder builder() {
        return new TeacherClientBuilder();
    }

    /**
     * Sends a chat completion request, waiting out rate limits as the tier and the server say.
     *
     * @throws dev.progressivebackoff.core.retry.RetriesExhaustedException every rate-limit retry got a 429
     * @throws dev.progressivebackoff.core.retry.NotRetryableException     quota exhausted, 4xx, 5xx after transport retries
     * @throws dev.progressivebackoff.core.retry.RateLimitedUntilException the server asked for too long a wait
     * @throws TransportException                                          I/O failures persisted
     * @throws RetryInterruptedException                                   the thread was interrupted
     */
    public ChatResponse chat(ChatRequest request) {
        preflight();
        TransportRequest http = chatRequest(request);
        CallStats stats = new CallStats();
        JsonNode json;
        try {
            json = calls.within(stats, () -> loop.execute(attempt -> exchange(http, stats)));
        } catch (TransportException failure) {
            log.warn(RetryLogLines.PREFIX + "Request error: " + failure.getMessage());
            throw failure;
        }
        return ChatJson.response(json, stats.requests(), stats.rateLimitRetries(), stats.waited());
    }

    private TransportRequest chatRequest(ChatRequest request) {
        byte[] body = ChatJson.request(mapper, request, settings.model());
        URI uri = chatUri != null ? chatUri : resolve("chat/completions");
        return withExtraHeaders(TransportRequest.postJsonOwned(uri, body)).withBearerToken(apiKey);
    }

    /** A chat with one user message and the default model. */
    public ChatResponse chat(String userMessage) {
        return chat(ChatRequest.ofUserMessage(userMessage));
    }

    private ExchangeResult<JsonNode> exchange(TransportRequest http, CallStats stats) throws InterruptedException {
        Answer answer = paced(http, false);
        TransportResponse response = answer.response();
        RateLimitSignals signals = answer.signals();
        stats.exchanged(response.attempts(), response.waited());
        if (signals.classification().kind() != ResponseKind.SUCCESS) {
            return ExchangeResult.withoutValue(signals);
        }
        try {
            return new ExchangeResult<>(signals, mapper.readTree(response.bodyBytes()));
        } catch (IOException malformed) {
            throw new TeacherClientException("the response to " + http + " is not JSON: "
                    + TextSnippet.of(apiKey.redact(response.bodyText())), null);
        }
    }

    /**
     * {@code GET {endpoint}/models}, with transport retries but no rate-limit retries. Never throws for an
     * unhealthy server: the result says what went wrong.
     */
    public HealthCheck healthCheck() {
        Answer answer;
        try {
            answer = pacedGet(resolve("models"), false);
        } catch (TransportException failure) {
            log.warn(RetryLogLines.PREFIX + "Health check failed: " + failure.getMessage());
            return new HealthCheck(false, 0, apiKey.redact(failure.getMessage()));
        }
        TransportResponse response = answer.response();
        RateLimitSignals signals = answer.signals();
        if (response.isSuccess()) {
            log.info(RetryLogLines.PREFIX + "Health check: OK (HTTP " + response.status() + ")");
            return new HealthCheck(true, response.status(), "OK");
        }
        String detail = "HTTP " + response.status() + signals.serverMessage().map(m -> ": " + m).orElse("");
        log.warn(RetryLogLines.PREFIX + "Health check failed: " + detail);
        return new HealthCheck(false, response.status(), detail);
    }

    /**
     * Detects the tier with one cheap request ({@code GET {endpoint}/models}) and adopts it; logs
     * {@code [TeacherClient] Detected tier: free (RPM: 3, delay: 20.0s)}.
     *
     * @return the detected tier, or empty when the response carried no usable rate-limit headers
     * @throws TransportException I/O failures persisted
     */
    public Optional<Tier> detectTier() {
        if (!tiers.isDetecting()) {
            log.warn(RetryLogLines.PREFIX + "No tier detector '" + settings.tierDetector() + "' is available; keeping "
                    + tiers.current().describe());
            return Optional.empty();
        }
        Answer answer = pacedGet(resolve("models"), true);
        Optional<Tier> detected = answer.detected();
        TransportResponse response = answer.response();
        if (detected.isEmpty()) {
            log.info(RetryLogLines.PREFIX + "Could not detect tier from the response (HTTP " + response.status()
                    + "); using " + tiers.current().describe());
        }
        return detected;
    }

    /**
     * A {@code GET} through the pacer, with transport retries; the response's headers update the tier and
     * the pacer.
     */
    private Answer pacedGet(URI uri, boolean announceTier) {
        try {
            return paced(withExtraHeaders(TransportRequest.get(uri)).withBearerToken(apiKey), announceTier);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new RetryInterruptedException(List.of(), interrupted);
        }
    }

    /**
     * Sends one request through the pacer, with transport retries: the permit is marked as the request goes
     * on the wire, and the response's headers update the tier and the pacer, its in-flight time counted
     * from the wire.
     */
    private Answer paced(TransportRequest request, boolean announceTier) throws InterruptedException {
        try (Permit permit = pacing.acquire()) {
            SendMark sent = new SendMark(permit, timeSource);
            TransportResponse response = transport.execute(request, sent);
            RateLimitSignals signals = signals(response);
            Optional<Tier> detected = tiers.observe(signals, announceTier, this::emit);
            pacing.observe(permit, signals, sent.until(timeSource.nanoTime()));
            return new Answer(response, signals, detected);
        }
    }

    private TransportRequest withExtraHeaders(TransportRequest request) {
        TransportRequest with = request;
        for (Map.Entry<String, String> header : extraHeaders.entrySet()) {
            with = with.withHeader(header.getKey(), header.getValue());
        }
        return with;
    }

    /** The pacer's state for this client's key ({@link PacerState#UNPACED} while not pacing). */
    public PacerState pacerState() {
        return pacing.state();
    }

    /** The tier in force now. */
    public Tier tier() {
        return tiers.current();
    }

    /** The settings this client was built with. */
    public BackoffSettings settings() {
        return settings;
    }

    /** The tier catalog in use. */
    public TierCatalog catalog() {
        return catalog;
    }

    private void preflight() {
        if (!tiers.isAutoTier() || settings.skipTierDetection() || !tiers.isDetecting()) {
            return;
        }
        preflight.run(() -> !tiers.hasSeenTier(), () -> {
            try {
                detectTier();
            } catch (TransportException failure) {
                log.warn(RetryLogLines.PREFIX + "Tier detection failed (" + failure.getMessage()
                        + "); detecting from responses instead, starting at " + tiers.current().describe());
            }
        });
    }

    private void emit(RetryEvent event) {
        try {
            listeners.onEvent(event);
        } catch (RuntimeException failure) {
            log.warn(RetryLogLines.PREFIX + "A retry listener failed: " + failure);
        }
    }

    private RateLimitSignals signals(TransportResponse response) {
        ErrorBody body = response.isSuccess() ? ErrorBody.EMPTY
                : redacted(ErrorBodies.parse(response.bodyBytes(), response.charset()));
        return RateLimitSignals.parse(response.status(), response.headers(), body, timeSource.now());
    }

    private ErrorBody redacted(ErrorBody body) {
        return new ErrorBody(apiKey.redact(body.type()), apiKey.redact(body.code()), apiKey.redact(body.message()));
    }

    private URI resolve(String path) {
        return URI.create(settings.endpoint() + "/" + path);
    }

    private URI resolvedOrNull(String path) {
        try {
            return resolve(path);
        } catch (IllegalArgumentException unresolvable) {
            return null;
        }
    }

    /** Closes the transport and its connections. */
    @Override
    public void close() {
        transport.close();
    }

    /** Endpoint, tier and policy; the key shows as {@code ***}. */
    @Override
    public String toString() {
        return "TeacherClient[endpoint=" + settings.endpoint() + ", tier=" + tiers.current().name()
                + ", policy=" + loop.policy() + ", apiKey=" + apiKey + "]";
    }

    /** When a paced request last went on the wire; tells its permit so. Confined to the sending thread. */
    private static final class SendMark implements Runnable {
        private final Permit permit;
        private final TimeSource time;
        private long sentAt;

        SendMark(Permit permit, TimeSource time) {
            this.permit = permit;
            this.time = time;
            this.sentAt = time.nanoTime();
        }

        @Override
        public void run() {
            sentAt = time.nanoTime();
            permit.markSent();
        }

        Duration until(long now) {
            return Duration.ofNanos(Math.max(0, now - sentAt));
        }
    }

    /** A response, its signals and the tier they reveal. */
    private record Answer(TransportResponse response, RateLimitSignals signals, Optional<Tier> detected) {
    }
}
