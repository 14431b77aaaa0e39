package dev.progressivebackoff.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.progressivebackoff.client.PacedExchange.Answer;
import dev.progressivebackoff.client.internal.AsyncRuntime;
import dev.progressivebackoff.client.internal.CallScopedListener;
import dev.progressivebackoff.client.internal.CallStats;
import dev.progressivebackoff.client.internal.ChatJson;
import dev.progressivebackoff.client.internal.ClientLog;
import dev.progressivebackoff.client.internal.ClientPacing;
import dev.progressivebackoff.client.internal.Once;
import dev.progressivebackoff.client.internal.TierObserver;
import dev.progressivebackoff.client.internal.TokenEstimator;
import dev.progressivebackoff.core.ListenerErrorHandler;
import dev.progressivebackoff.core.ProgressiveBackoffException;
import dev.progressivebackoff.core.Tier;
import dev.progressivebackoff.core.TierCatalog;
import dev.progressivebackoff.core.retry.ExchangeResult;
import dev.progressivebackoff.core.retry.RateLimitRetryLoop;
import dev.progressivebackoff.core.retry.RateLimitedUntilException;
import dev.progressivebackoff.core.retry.RetryEvent;
import dev.progressivebackoff.core.retry.RetryInterruptedException;
import dev.progressivebackoff.core.retry.RetryListener;
import dev.progressivebackoff.core.signals.RateLimitSignals;
import dev.progressivebackoff.core.signals.ResponseKind;
import dev.progressivebackoff.core.support.AsyncFailures;
import dev.progressivebackoff.core.support.TextSnippet;
import dev.progressivebackoff.pacing.PacerState;
import dev.progressivebackoff.transport.httpclient5.ApiKey;
import dev.progressivebackoff.transport.httpclient5.HttpClient5Transport;
import dev.progressivebackoff.transport.httpclient5.PoolStats;
import dev.progressivebackoff.transport.httpclient5.TransportException;
import dev.progressivebackoff.transport.httpclient5.TransportRequest;
import dev.progressivebackoff.transport.httpclient5.TransportResponse;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.UnaryOperator;

/**
 * An OpenAI-compatible chat client (Moonshot/Kimi first) that calls as fast as the quota allows: each call
 * runs in the core rate-limit loop (tier-aware backoff on 429, server hints obeyed), over the
 * {@link HttpClient5Transport} (its own retries for I/O errors and 5xx, never for 429).
 *
 * <p>With tier {@code auto}, the tier is detected with one {@code GET /models} before the first call
 * (unless {@link RateLimitSettings#skipTierDetection()}, or a health check already revealed it); with an
 * explicit tier nothing is sent before the first real request. Either way every response's rate-limit
 * headers keep the tier up to date at no cost.
 *
 * <p>Requests are paced ({@link RateLimitSettings#pace()}, on by default): each attempt waits for a permit
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

    private final ClientSettings settings;
    /** Removes the API key and the secret headers' values from any text. */
    private final UnaryOperator<String> redactor;

    private final TierCatalog catalog;
    /** Reads the tier from every response, once, for the loop, the pacer and the listeners alike. */
    private final TierObserver tiers;

    private final HttpClient5Transport transport;
    /** False for a transport given to the builder: the caller closes it. */
    private final boolean ownsTransport;

    private final RetryListener listeners;
    /** Pacer, transport and signals: the step every request goes through. */
    private final PacedExchange exchange;
    /** Routes the loop's events to the per-call {@link CallStats} of the thread running it. */
    private final CallScopedListener calls = new CallScopedListener();
    /** Built once; thread-safe (each call keeps its own attempts), shared by every chat call. */
    private final RateLimitRetryLoop loop;

    private final ClientPacing pacing;
    private final ClientLog log;
    private final ObjectMapper mapper = new ObjectMapper();
    /** The tier detection before the first call (tier {@code auto}), done once. */
    private final Once preflight = new Once();
    /** Estimates each request's tokens for the pacer's token budget, learning from usage. */
    private final TokenEstimator tokens = new TokenEstimator();
    /** {@code {endpoint}/chat/completions}, resolved once; null if it does not resolve (each call then fails). */
    private final URI chatUri;
    /** Gives other libraries' sends this client's pacer, tier, 429 loop and listeners. */
    private final RateLimitGuard guard;
    /** Streaming chat calls: the same loop, pacer and transport, up to the first byte of the stream. */
    private final StreamingChat streaming;
    /** The scheduler and I/O executor of asynchronous calls. */
    private final AsyncRuntime asyncRuntime;
    /** Runs asynchronous calls on them. */
    private final AsyncCalls async;

    TeacherClient(ClientAssembly.Parts parts, AsyncRuntime asyncRuntime) {
        this.asyncRuntime = asyncRuntime;
        this.settings = parts.settings();
        this.redactor = parts.redactor();
        this.catalog = parts.catalog();
        this.tiers = parts.tiers();
        this.transport = parts.transport();
        this.ownsTransport = parts.ownsTransport();
        this.log = parts.log();
        this.pacing = parts.pacing();
        RetryListener logging = event -> RetryLogLines.of(event).ifPresent(line -> {
            if (event instanceof RetryEvent.GaveUp) {
                log.warn(line);
            } else {
                log.info(line);
            }
        });
        this.listeners = pacing.andThen(logging).andThen(parts.listener());
        this.loop = retryLoop(parts, listeners, calls);
        this.exchange = new PacedExchange(parts, mapper, this::emit);
        this.chatUri = resolvedOrNull("chat/completions");
        this.guard = new RateLimitGuard(
                this, exchange, loop, asyncRuntime::scheduler, TransientRetries.of(parts), parts.sleeper());
        this.async = new AsyncCalls(loop, asyncRuntime, this::preflightAsync);
        this.streaming = new StreamingChat(
                parts, exchange, loop, calls, tokens, () -> chatUri != null ? chatUri : resolve("chat/completions"));
    }

    /**
     * The guard that gives requests sent by another library's HTTP client (openai-java's, LangChain4j's) this client's
     * treatment: its pacer, tier, 429 loop, listeners and log lines, its API key redacted.
     */
    public RateLimitGuard guard() {
        return guard;
    }

    /** The rate-limit loop every chat call runs in: client listeners first, then the call's own stats. */
    private static RateLimitRetryLoop retryLoop(
            ClientAssembly.Parts parts, RetryListener listeners, RetryListener perCall) {
        ClientLog log = parts.log();
        return RateLimitRetryLoop.builder()
                .withPolicy(parts.policy())
                .withTierTracker(parts.tiers().tracker())
                .withTimeSource(parts.timeSource())
                .withSleeper(parts.sleeper())
                .withMaxServerWait(parts.settings().rateLimit().maxServerWait())
                .withTransportRules(parts.settings().transport().retryRules())
                .withTransportFailures(TransportException.class::isInstance)
                .onEvent(listeners)
                .onEvent(perCall)
                .onListenerError(ListenerErrorHandler.describingTo(line -> log.warn(RetryLogLines.PREFIX + line)))
                .build();
    }

    /**
     * A client with the documented defaults: tier {@code auto}, the default catalog and policy.
     *
     * @param endpoint            e.g. {@code https://api.moonshot.ai/v1}
     * @param apiKey              the API key (never logged)
     * @param maxTransportRetries transport retries (5 allows 6 attempts); 429 is never among them
     * @param transportBaseDelay  the first transport wait; retry n waits base × 2^(n−1)
     */
    public static TeacherClient fromEndpoint(
            String endpoint, String apiKey, int maxTransportRetries, Duration transportBaseDelay) {
        return builder()
                .withEndpoint(endpoint)
                .withApiKey(apiKey)
                .withMaxTransportRetries(maxTransportRetries)
                .withTransportBaseDelay(transportBaseDelay)
                .build();
    }

    /** A builder starting from {@link ClientSettings#defaults()}. */
    public static TeacherClientBuilder builder() {
        return new TeacherClientBuilder();
    }

    /**
     * Sends a chat completion request, waiting out rate limits as the tier and the server say. A failure carries
     * the HTTP requests the call sent, transport retries included ({@link ProgressiveBackoffException#requestsSent()}).
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
        Prompt prompt = Prompt.of(request);
        try {
            JsonNode json = calls.within(stats, () -> loop.execute(attempt -> attempt(http, stats, prompt)));
            return answer(json, stats);
        } catch (ProgressiveBackoffException failure) {
            throw failed(failure, stats);
        }
    }

    /**
     * As {@link #chat(ChatRequest)} without blocking the caller: every wait (tier detection, pacer, rate-limit
     * backoff) is scheduled, and the transport's I/O runs on the client's bounded I/O executor
     * ({@link TeacherClientBuilder#withScheduler}, {@link TeacherClientBuilder#withAsyncExecutor}). The future fails
     * with what {@link #chat(ChatRequest)} would throw; cancelling it stops the pending wait and sends nothing more.
     */
    public CompletableFuture<ChatResponse> chatAsync(ChatRequest request) {
        TransportRequest http;
        try {
            http = chatRequest(request);
        } catch (RuntimeException invalid) {
            return CompletableFuture.failedFuture(invalid);
        }
        CallStats stats = new CallStats();
        Prompt prompt = Prompt.of(request);
        return async.execute(
                stats,
                (attempt, scheduler, io) -> AsyncCalls.mapped(
                        exchange.sendAsync(http, false, estimate(prompt), scheduler, io),
                        answer -> answered(answer, http, stats, prompt)),
                json -> answer(json, stats),
                failure -> failure instanceof ProgressiveBackoffException known ? failed(known, stats) : failure);
    }

    /** As {@link #chat(String)} without blocking the caller (see {@link #chatAsync(ChatRequest)}). */
    public CompletableFuture<ChatResponse> chatAsync(String userMessage) {
        return chatAsync(ChatRequest.ofUserMessage(userMessage));
    }

    private static ChatResponse answer(JsonNode json, CallStats stats) {
        return ChatJson.response(json, stats.requests(), stats.rateLimitRetries(), stats.waited());
    }

    /** A failed chat call's exception, with the requests it sent; transport failures are logged. */
    private ProgressiveBackoffException failed(ProgressiveBackoffException failure, CallStats stats) {
        if (failure instanceof TransportException transportFailure) {
            log.warn(RetryLogLines.PREFIX + "Request error: " + failure.getMessage());
            // the failing exchange never reached the stats: its requests are the exception's own
            failure.withRequestsSent(stats.requests() + transportFailure.attempts());
        } else {
            failure.withRequestsSent(stats.requests());
        }
        return failure;
    }

    /**
     * Streams a chat completion ({@code stream: true}, with usage at the end): the rate limits are waited out, the
     * pacer's permit taken and transport failures retried as for {@link #chat(ChatRequest)}, all before the first
     * byte of the answer; then the deltas are read as they arrive. Close the stream when done.
     *
     * @return the open stream of deltas; after its last delta, {@link ChatStream#completion()}
     * @throws dev.progressivebackoff.core.retry.RetriesExhaustedException every rate-limit retry got a 429
     * @throws dev.progressivebackoff.core.retry.NotRetryableException     quota exhausted, 4xx, 5xx after transport retries
     * @throws dev.progressivebackoff.core.retry.RateLimitedUntilException the server asked for too long a wait
     * @throws TransportException                                          I/O failures persisted before the stream
     * @throws RetryInterruptedException                                   the thread was interrupted
     */
    public ChatStream chatStream(ChatRequest request) {
        preflight();
        return streaming.open(request);
    }

    /**
     * Streams a chat completion to {@code listener} on this thread, as {@link #chatStream(ChatRequest)} does: each
     * delta as it arrives, then the completion, which is returned too. A failure is told to
     * {@link ChatStreamListener#onError} and thrown: before the stream, the exceptions of {@link #chat(ChatRequest)};
     * after its first byte, a {@link ChatStreamException} with the text received, never retried.
     */
    public ChatResponse chatStream(ChatRequest request, ChatStreamListener listener) {
        Objects.requireNonNull(listener, "listener");
        try {
            preflight();
        } catch (RuntimeException failure) {
            listener.onError(failure);
            throw failure;
        }
        return streaming.stream(request, listener);
    }

    private TransportRequest chatRequest(ChatRequest request) {
        byte[] body = ChatJson.request(mapper, request, settings.model());
        URI uri = chatUri != null ? chatUri : resolve("chat/completions");
        return exchange.authorized(TransportRequest.postJsonOwned(uri, body));
    }

    /**
     * Sends any HTTP request with the treatment a chat call gets: the client's headers and bearer token are added,
     * the tier is detected first if need be, each attempt waits for the pacer of the client's key, the transport
     * retries I/O failures and 5xx, and each 429 is waited out as the policy and the server say.
     *
     * @param request any method and body, to an absolute URI (e.g. {@link #uri(String) uri("files")})
     * @return the successful (2xx) response
     * @throws dev.progressivebackoff.core.retry.RetriesExhaustedException every rate-limit retry got a 429
     * @throws dev.progressivebackoff.core.retry.NotRetryableException     any other status, with the server's message
     * @throws dev.progressivebackoff.core.retry.RateLimitedUntilException the server asked for too long a wait
     * @throws TransportException                                          I/O failures persisted
     * @throws RetryInterruptedException                                   the thread was interrupted
     */
    public TransportResponse exchange(TransportRequest request) {
        preflight();
        TransportRequest http = exchange.authorized(request);
        return loop.execute(attempt -> exchanged(exchange.send(http, false)));
    }

    /**
     * As {@link #exchange(TransportRequest)} without blocking the caller (see {@link #chatAsync(ChatRequest)}).
     *
     * @return the successful (2xx) response's future
     */
    public CompletableFuture<TransportResponse> exchangeAsync(TransportRequest request) {
        TransportRequest http = exchange.authorized(request);
        return async.execute(
                RetryListener.NONE,
                (attempt, scheduler, io) ->
                        AsyncCalls.mapped(exchange.sendAsync(http, false, 0, scheduler, io), TeacherClient::exchanged),
                response -> response,
                failure -> failure);
    }

    private static ExchangeResult<TransportResponse> exchanged(Answer answer) {
        return answer.signals().classification().kind() == ResponseKind.SUCCESS
                ? new ExchangeResult<>(answer.signals(), answer.response())
                : ExchangeResult.withoutValue(answer.signals());
    }

    /**
     * {@code path} resolved against the endpoint: {@code uri("files")} is {@code https://api.moonshot.ai/v1/files}.
     *
     * @param path a path below the endpoint, without a leading slash
     * @return the absolute URI
     */
    public URI uri(String path) {
        return resolve(path);
    }

    /** A chat with one user message and the default model. */
    public ChatResponse chat(String userMessage) {
        return chat(ChatRequest.ofUserMessage(userMessage));
    }

    /** One attempt of a chat call's rate-limit loop: the shared step, then the body read as JSON on success. */
    private ExchangeResult<JsonNode> attempt(TransportRequest http, CallStats stats, Prompt prompt)
            throws InterruptedException {
        return answered(exchange.send(http, false, estimate(prompt)), http, stats, prompt);
    }

    private long estimate(Prompt prompt) {
        return tokens.estimate(prompt.chars(), prompt.messages(), prompt.maxTokens());
    }

    /** A chat attempt's answer: counted in the stats, and its body read as JSON on success. */
    private ExchangeResult<JsonNode> answered(Answer answer, TransportRequest http, CallStats stats, Prompt prompt) {
        TransportResponse response = answer.response();
        RateLimitSignals signals = answer.signals();
        stats.exchanged(response.attempts(), response.waited());
        if (signals.classification().kind() != ResponseKind.SUCCESS) {
            return ExchangeResult.withoutValue(signals);
        }
        try {
            JsonNode json = mapper.readTree(response.bodyStream());
            settle(answer, prompt, json);
            return new ExchangeResult<>(signals, json);
        } catch (IOException malformed) {
            throw new TeacherClientException(
                    "the response to " + http + " is not JSON: " + TextSnippet.of(redactor.apply(response.bodyText())),
                    null);
        }
    }

    /** Settles the tokens reserved for the request to its usage, and learns from it; nothing without usage. */
    private void settle(Answer answer, Prompt prompt, JsonNode json) {
        JsonNode usage = json == null ? null : json.path("usage");
        if (usage == null || !usage.path("total_tokens").canConvertToLong()) {
            return;
        }
        answer.permit().settle(usage.get("total_tokens").asLong());
        tokens.learn(
                prompt.chars(),
                prompt.messages(),
                usage.path("prompt_tokens").asLong(0),
                usage.path("completion_tokens").asLong(0));
    }

    /** What the token estimate of a request is made from. */
    private record Prompt(long chars, int messages, OptionalInt maxTokens) {
        static Prompt of(ChatRequest request) {
            long chars = request.messages().stream()
                    .mapToLong(m -> m.content().length())
                    .sum();
            return new Prompt(chars, request.messages().size(), request.maxTokens());
        }
    }

    /**
     * {@code GET {endpoint}/models}, with transport retries but no rate-limit retries. Never throws for an
     * unhealthy server: the result says what went wrong.
     */
    public HealthCheck healthCheck() {
        Answer answer;
        try {
            answer = get(resolve("models"), RetryEvent.Probed.Purpose.HEALTH_CHECK);
        } catch (TransportException | RateLimitedUntilException failure) {
            // refused by a spent window's hold, nothing sent: unhealthy for now all the same
            log.warn(RetryLogLines.PREFIX + "Health check failed: " + failure.getMessage());
            return new HealthCheck(false, 0, redactor.apply(failure.getMessage()));
        }
        TransportResponse response = answer.response();
        RateLimitSignals signals = answer.signals();
        if (response.isSuccess()) {
            log.info(RetryLogLines.PREFIX + "Health check: OK (HTTP " + response.status() + ")");
            return new HealthCheck(true, response.status(), "OK");
        }
        String detail = "HTTP " + response.status()
                + signals.serverMessage().map(m -> ": " + m).orElse("");
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
            log.warn(RetryLogLines.PREFIX + "No tier detector '"
                    + settings.rateLimit().tierDetector() + "' is available; keeping "
                    + tiers.current().describe());
            return Optional.empty();
        }
        return detected(get(resolve("models"), RetryEvent.Probed.Purpose.TIER_DETECTION));
    }

    /** The tier a detection's answer revealed; logs when it revealed none. */
    private Optional<Tier> detected(Answer answer) {
        Optional<Tier> detected = answer.detected();
        if (detected.isEmpty()) {
            log.info(RetryLogLines.PREFIX + "Could not detect tier from the response (HTTP "
                    + answer.response().status() + "); using " + tiers.current().describe());
        }
        return detected;
    }

    /** A {@code GET} through the shared step, with transport retries but no rate-limit loop; told as a probe. */
    private Answer get(URI uri, RetryEvent.Probed.Purpose purpose) {
        try {
            return exchange.probe(exchange.authorized(TransportRequest.get(uri)), purpose);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new RetryInterruptedException(List.of(), interrupted);
        }
    }

    /** The pacer's state for this client's key ({@link PacerState#UNPACED} while not pacing). */
    public PacerState pacerState() {
        return pacing.state();
    }

    /** The connection pool of the client's transport now (for gauges; all zero for a client the pool is unknown of). */
    public PoolStats poolStats() {
        return transport.poolStats();
    }

    /** The tier in force now. */
    public Tier tier() {
        return tiers.current();
    }

    /** The settings this client was built with. */
    public ClientSettings settings() {
        return settings;
    }

    /** The tier catalog in use. */
    public TierCatalog catalog() {
        return catalog;
    }

    private void preflight() {
        if (preflightNeeded()) {
            preflight.run(() -> !tiers.hasSeenTier(), this::detectTierOrWarn);
        }
    }

    /**
     * The tier detection before the first call, sent asynchronously: its pacer wait and transport retry waits are
     * scheduled, its I/O runs on the I/O executor, and no caller's thread waits for it.
     */
    private CompletableFuture<Void> preflightAsync() {
        return preflightNeeded()
                ? preflight.runAsync(() -> !tiers.hasSeenTier(), this::detectTierAsync)
                : CompletableFuture.completedFuture(null);
    }

    /** {@link #detectTierOrWarn()} without blocking. */
    private CompletableFuture<Void> detectTierAsync() {
        TransportRequest models = exchange.authorized(TransportRequest.get(resolve("models")));
        return exchange.probeAsync(
                        models, RetryEvent.Probed.Purpose.TIER_DETECTION, asyncRuntime.scheduler(), asyncRuntime.io())
                .handle((answer, failure) -> {
                    Throwable cause = failure == null ? null : AsyncFailures.cause(failure);
                    if (cause instanceof TransportException failed) {
                        warnDetectionFailed(failed);
                    } else if (cause != null) {
                        throw cause instanceof RuntimeException unchecked ? unchecked : new CompletionException(cause);
                    } else {
                        detected(answer);
                    }
                    return null;
                });
    }

    private boolean preflightNeeded() {
        return tiers.isAutoTier() && !settings.rateLimit().skipTierDetection() && tiers.isDetecting();
    }

    private void detectTierOrWarn() {
        try {
            detectTier();
        } catch (TransportException failure) {
            warnDetectionFailed(failure);
        }
    }

    private void warnDetectionFailed(TransportException failure) {
        log.warn(RetryLogLines.PREFIX + "Tier detection failed (" + failure.getMessage()
                + "); detecting from responses instead, starting at "
                + tiers.current().describe());
    }

    private void emit(RetryEvent event) {
        try {
            listeners.onEvent(event);
        } catch (RuntimeException failure) {
            log.warn(RetryLogLines.PREFIX + "A retry listener failed: " + failure);
        }
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

    /**
     * Closes the transport and its connections, unless the transport was given to the builder (its owner closes it),
     * and shuts down the client's own scheduler and I/O executor (not those given to the builder): asynchronous calls
     * in progress fail.
     */
    @Override
    public void close() {
        async.closeAll();
        asyncRuntime.close();
        if (ownsTransport) {
            transport.close();
        }
    }

    /** Endpoint, tier and policy; the key shows as {@code ***}. */
    @Override
    public String toString() {
        return "TeacherClient[endpoint=" + settings.endpoint() + ", tier="
                + tiers.current().name() + ", policy=" + loop.policy() + ", apiKey=" + ApiKey.REDACTED + "]";
    }
}
