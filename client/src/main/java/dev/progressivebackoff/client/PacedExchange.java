package dev.progressivebackoff.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.progressivebackoff.client.internal.ClientLog;
import dev.progressivebackoff.client.internal.ClientPacing;
import dev.progressivebackoff.client.internal.TierObserver;
import dev.progressivebackoff.core.Seconds;
import dev.progressivebackoff.core.Tier;
import dev.progressivebackoff.core.TimeSource;
import dev.progressivebackoff.core.retry.RateLimitedUntilException;
import dev.progressivebackoff.core.retry.RetryEvent;
import dev.progressivebackoff.core.signals.ErrorBodies;
import dev.progressivebackoff.core.signals.ErrorBody;
import dev.progressivebackoff.core.signals.RateLimitSignals;
import dev.progressivebackoff.core.signals.ResponseHeaders;
import dev.progressivebackoff.core.signals.ResponseKind;
import dev.progressivebackoff.core.support.AsyncFailures;
import dev.progressivebackoff.pacing.Permit;
import dev.progressivebackoff.pacing.WindowHold;
import dev.progressivebackoff.transport.httpclient5.ApiKey;
import dev.progressivebackoff.transport.httpclient5.HttpClient5Transport;
import dev.progressivebackoff.transport.httpclient5.StreamedResponse;
import dev.progressivebackoff.transport.httpclient5.TransportException;
import dev.progressivebackoff.transport.httpclient5.TransportRequest;
import dev.progressivebackoff.transport.httpclient5.TransportResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The one step every request of a {@link TeacherClient} goes through, chat and {@code GET} alike: the client's
 * headers and bearer token are added, a permit of the key's pacer is taken and marked as the request goes on the
 * wire, the transport sends it (with its own retries, never for 429), and the response's rate-limit signals are
 * read once — the tier observed from them and the pacer told, its in-flight time counted from the wire. The
 * rate-limit loop of a chat call runs this step for each attempt. Thread-safe.
 */
final class PacedExchange {

    /**
     * The shortest permit wait told as a {@link RetryEvent.Paced}: below it the time is the pacer's own bookkeeping
     * (nanoseconds for a free local permit, a round trip for Redis), not a wait, and every request would report it.
     */
    static final long REPORTED_WAIT_NANOS = 1_000_000;

    /** The shortest spent-window hold told in a log line before a request waits for it (or is refused). */
    static final Duration LOGGED_HOLD = Duration.ofSeconds(10);

    private final HttpClient5Transport transport;
    private final ClientPacing pacing;
    private final TierObserver tiers;
    private final TimeSource timeSource;
    private final ApiKey apiKey;
    private final Map<String, String> extraHeaders;
    private final ObjectMapper mapper;
    /** Removes the API key and the secret headers' values from text read off a response. */
    private final UnaryOperator<String> redactor;
    /** Told about tier detections and pacer waits (the client's listeners, which never throw). */
    private final Consumer<RetryEvent> events;

    private final ClientLog log;
    /** Holds longer than this fail at once (the pacer's maximum hold), as the log line says. */
    private final Duration maxServerWait;
    /** When the hold last logged ends: each hold is logged once, not by every request that meets it. */
    private final AtomicReference<Instant> loggedHoldUntil = new AtomicReference<>();

    PacedExchange(ClientAssembly.Parts parts, ObjectMapper mapper, Consumer<RetryEvent> events) {
        this.transport = parts.transport();
        this.pacing = parts.pacing();
        this.tiers = parts.tiers();
        this.timeSource = parts.timeSource();
        this.apiKey = parts.apiKey();
        this.extraHeaders = parts.headers();
        this.mapper = mapper;
        this.redactor = parts.redactor();
        this.events = events;
        this.log = parts.log();
        this.maxServerWait = parts.settings().rateLimit().maxServerWait();
    }

    /** {@code text} without the API key and the secret headers' values; null stays null. */
    String redact(String text) {
        return redactor.apply(text);
    }

    /** {@code request} with the client's extra headers and its bearer token, as every request is sent. */
    TransportRequest authorized(TransportRequest request) {
        TransportRequest with = request;
        for (Map.Entry<String, String> header : extraHeaders.entrySet()) {
            with = with.withHeader(header.getKey(), header.getValue());
        }
        return with.withBearerToken(apiKey);
    }

    /**
     * Sends one authorized request through the pacer and the transport.
     *
     * @param announceTier whether a tier read from the response is announced even when unchanged (detection)
     */
    Answer send(TransportRequest request, boolean announceTier) throws InterruptedException {
        return send(request, announceTier, 0);
    }

    /**
     * Sends one authorized request of about {@code estimatedTokens} tokens through the pacer and the transport;
     * settle the answer's permit with the usage.
     */
    Answer send(TransportRequest request, boolean announceTier, long estimatedTokens) throws InterruptedException {
        Sent<TransportResponse> sent =
                paced(onWire -> transport.execute(request, onWire), this::signals, announceTier, estimatedTokens);
        return new Answer(sent.response(), sent.signals(), sent.detected(), sent.permit());
    }

    /**
     * As {@link #send(TransportRequest, boolean, long)} without blocking the caller: the pacer's permit is awaited on
     * {@code scheduler} (no thread waits for it), the transport's attempts run on {@code io} and its retry waits are
     * scheduled ({@link HttpClient5Transport#executeAsync}). Cancelling the future gives the pacer's place up, or
     * cancels the transport's pending retry (an attempt already on the wire ends unread); the permit is always
     * closed.
     */
    CompletableFuture<Answer> sendAsync(
            TransportRequest request,
            boolean announceTier,
            long estimatedTokens,
            ScheduledExecutorService scheduler,
            Executor io) {
        pacing.windowHold().ifPresent(this::logOnce);
        long asked = timeSource.nanoTime();
        CompletableFuture<Permit> permit = acquireAsync(estimatedTokens, scheduler);
        CompletableFuture<Answer> answer = new CompletableFuture<>();
        answer.whenComplete((done, failure) -> {
            if (answer.isCancelled()) {
                permit.cancel(false);
            }
        });
        permit.whenComplete((granted, refused) -> {
            if (refused != null) {
                answer.completeExceptionally(AsyncFailures.cause(refused));
            } else if (answer.isDone()) {
                granted.close();
            } else {
                sendAsyncUnder(granted, asked, request, announceTier, answer, scheduler, io);
            }
        });
        return answer;
    }

    /** Sends under a granted permit without blocking; the permit is closed when the transport is done. */
    private void sendAsyncUnder(
            Permit permit,
            long asked,
            TransportRequest request,
            boolean announceTier,
            CompletableFuture<Answer> answer,
            ScheduledExecutorService scheduler,
            Executor io) {
        CompletableFuture<TransportResponse> response;
        SendMark sent;
        try {
            sent = permitted(permit, asked);
            response = transport.executeAsync(request, sent, scheduler, io);
        } catch (RuntimeException failure) {
            permit.close();
            answer.completeExceptionally(failure);
            return;
        }
        answer.whenComplete((done, failure) -> {
            if (answer.isCancelled()) {
                response.cancel(false);
            }
        });
        response.whenComplete((received, failure) -> {
            try (permit) {
                if (failure != null) {
                    answer.completeExceptionally(AsyncFailures.cause(failure));
                } else {
                    Sent<TransportResponse> read = received(sent, received, signals(received), announceTier);
                    answer.complete(new Answer(read.response(), read.signals(), read.detected(), permit));
                }
            } catch (RuntimeException failed) {
                answer.completeExceptionally(failed);
            }
        });
    }

    /**
     * Sends one request of the client's own (health check, tier detection) through the pacer and the transport, not
     * through the rate-limit loop, and tells it as a {@link RetryEvent.Probed} once it ends (answered, or failed in
     * the transport): listeners see every request sent.
     */
    Answer probe(TransportRequest request, RetryEvent.Probed.Purpose purpose) throws InterruptedException {
        Answer answer;
        try {
            answer = send(request, purpose == RetryEvent.Probed.Purpose.TIER_DETECTION);
        } catch (TransportException failed) {
            events.accept(new RetryEvent.Probed(purpose, failed.attempts(), OptionalInt.empty()));
            throw failed;
        }
        TransportResponse response = answer.response();
        events.accept(new RetryEvent.Probed(purpose, response.attempts(), OptionalInt.of(response.status())));
        return answer;
    }

    /** As {@link #probe} without blocking: the pacer's wait and the transport's retry waits are scheduled. */
    CompletableFuture<Answer> probeAsync(
            TransportRequest request,
            RetryEvent.Probed.Purpose purpose,
            ScheduledExecutorService scheduler,
            Executor io) {
        CompletableFuture<Answer> answer =
                sendAsync(request, purpose == RetryEvent.Probed.Purpose.TIER_DETECTION, 0, scheduler, io);
        answer.whenComplete((sent, failure) -> {
            if (failure == null) {
                TransportResponse response = sent.response();
                events.accept(new RetryEvent.Probed(purpose, response.attempts(), OptionalInt.of(response.status())));
            } else if (AsyncFailures.cause(failure) instanceof TransportException failed) {
                events.accept(new RetryEvent.Probed(purpose, failed.attempts(), OptionalInt.empty()));
            }
        });
        return answer;
    }

    /** Sends by any wire under a permit granted {@code asked} (nanoTime) after it was asked for. */
    private <R, E extends Exception> Sent<R> sendUnder(
            Permit permit, long asked, Wire<R, E> wire, Function<R, RateLimitSignals> signals, boolean announceTier)
            throws InterruptedException, E {
        SendMark sent = permitted(permit, asked);
        R response = wire.send(sent);
        return received(sent, response, signals.apply(response), announceTier);
    }

    /** Tells a permit's wait as paced; the mark to run as the request goes on the wire. */
    private SendMark permitted(Permit permit, long asked) {
        long waited = timeSource.nanoTime() - asked;
        if (waited >= REPORTED_WAIT_NANOS) {
            events.accept(new RetryEvent.Paced(Duration.ofNanos(waited), tiers.current()));
        }
        return new SendMark(permit, timeSource);
    }

    /**
     * The pacer's permit. A start refused because a spent window holds too long logs the hold too: a pacer shared
     * through Redis may hear of it only with this very refusal, when another process met the spent window.
     */
    private Permit acquire(long estimatedTokens) throws InterruptedException {
        try {
            return pacing.acquire(estimatedTokens);
        } catch (RateLimitedUntilException refused) {
            pacing.windowHold().ifPresent(this::logOnce);
            throw refused;
        }
    }

    /** As {@link #acquire(long)}, without blocking: the permit's future, a refusal logged the same way. */
    private CompletableFuture<Permit> acquireAsync(long estimatedTokens, ScheduledExecutorService scheduler) {
        CompletableFuture<Permit> permit = pacing.acquireAsync(estimatedTokens, scheduler);
        permit.whenComplete((granted, refused) -> {
            if (refused != null && AsyncFailures.cause(refused) instanceof RateLimitedUntilException) {
                pacing.windowHold().ifPresent(this::logOnce);
            }
        });
        return permit;
    }

    /** Reads the tier off a response's signals and tells the pacer, its in-flight time counted from the wire. */
    private <R> Sent<R> received(SendMark sent, R response, RateLimitSignals read, boolean announceTier) {
        Optional<Tier> detected = tiers.observe(read, announceTier, events);
        pacing.observe(sent.permit, read, sent.until(timeSource.nanoTime()));
        return new Sent<>(response, read, detected, sent.permit);
    }

    /**
     * Sends one request through the pacer by any means (this client's transport, or another library's HTTP client):
     * waits for a permit, has {@code wire} send the request (it runs the given mark as the request goes on the wire),
     * then reads the response's signals once, observes the tier and tells the pacer.
     *
     * @param wire    sends the request; runs its argument when the request goes on the wire
     * @param signals reads a response's rate-limit signals (see {@link #signals(int, ResponseHeaders, ErrorBody)})
     * @param <R>     the response
     * @param <E>     what {@code wire} may throw
     */
    <R, E extends Exception> Sent<R> paced(
            Wire<R, E> wire, Function<R, RateLimitSignals> signals, boolean announceTier, long estimatedTokens)
            throws InterruptedException, E {
        pacing.windowHold().ifPresent(this::logOnce);
        long asked = timeSource.nanoTime();
        try (Permit permit = acquire(estimatedTokens)) {
            return sendUnder(permit, asked, wire, signals, announceTier);
        }
    }

    /**
     * As {@link #paced}, for a wire that answers asynchronously: the permit is awaited on {@code scheduler} (no thread
     * waits for it) and released when the response arrives.
     */
    <R> CompletableFuture<Sent<R>> pacedAsync(
            Function<Runnable, CompletionStage<R>> wire,
            Function<R, RateLimitSignals> signals,
            long estimatedTokens,
            ScheduledExecutorService scheduler) {
        pacing.windowHold().ifPresent(this::logOnce);
        long asked = timeSource.nanoTime();
        return acquireAsync(estimatedTokens, scheduler).thenCompose(permit -> {
            SendMark sent = permitted(permit, asked);
            CompletionStage<R> response;
            try {
                response = wire.apply(sent);
            } catch (RuntimeException failure) {
                permit.close();
                throw failure;
            }
            return response.handle((answer, failure) -> {
                try {
                    if (failure != null) {
                        throw failure instanceof CompletionException c ? c : new CompletionException(failure);
                    }
                    return received(sent, answer, signals.apply(answer), false);
                } finally {
                    permit.close();
                }
            });
        });
    }

    /**
     * Sends one authorized streaming request of about {@code estimatedTokens} tokens through the pacer and the
     * transport ({@link HttpClient5Transport#stream}). A 2xx comes back with its body open and its permit still
     * held (the request is in flight until the stream ends: close the permit then, and settle it with the usage);
     * any other response comes back read whole, its permit closed.
     */
    Opened open(TransportRequest request, long estimatedTokens) throws InterruptedException {
        Sent<StreamedResponse> sent = held(
                onWire -> transport.stream(request, onWire),
                this::streamSignals,
                estimatedTokens,
                StreamedResponse::close);
        return new Opened(sent.response(), sent.signals(), sent.permit());
    }

    private RateLimitSignals streamSignals(StreamedResponse response) {
        return response.isSuccess()
                ? RateLimitSignals.parse(response.status(), response.headers(), ErrorBody.EMPTY, timeSource.now())
                : signals(response.buffered());
    }

    /**
     * As {@link #paced}, for a response whose body streams: a 2xx comes back with its permit still held (the request
     * is in flight at the server until its last byte, so a concurrency cap must count it until the caller closes the
     * permit); any other response with its permit closed. A failure closes the permit, and {@code release} closes a
     * response already received.
     */
    <R, E extends Exception> Sent<R> held(
            Wire<R, E> wire, Function<R, RateLimitSignals> signals, long estimatedTokens, Consumer<R> release)
            throws InterruptedException, E {
        pacing.windowHold().ifPresent(this::logOnce);
        long asked = timeSource.nanoTime();
        Permit permit = acquire(estimatedTokens);
        R response = null;
        Sent<R> read = null;
        try {
            SendMark sent = permitted(permit, asked);
            response = wire.send(sent);
            read = received(sent, response, signals.apply(response), false);
            return read;
        } finally {
            if (read == null || read.signals().classification().kind() != ResponseKind.SUCCESS) {
                permit.close();
            }
            if (read == null && response != null) {
                release.accept(response);
            }
        }
    }

    /** A streaming response (its body open for a 2xx), its signals and its permit (still held for a 2xx). */
    record Opened(StreamedResponse response, RateLimitSignals signals, Permit permit) {}

    /**
     * Logs a spent window's hold longer than {@link #LOGGED_HOLD} once: why, and when starts resume (or that
     * requests fail at once until then, when it is longer than the maximum server wait).
     */
    private void logOnce(WindowHold hold) {
        Instant logged = loggedHoldUntil.get();
        boolean known = logged != null && !hold.until().isAfter(logged.plusSeconds(1));
        if (hold.heldFor().compareTo(LOGGED_HOLD) <= 0
                || known
                || !loggedHoldUntil.compareAndSet(logged, hold.until())) {
            return;
        }
        String what = hold.exceeds(maxServerWait)
                ? "more than the maximum server wait of " + Seconds.format(maxServerWait)
                        + ": requests fail at once until then"
                : "requests wait for it";
        log.warn(RetryLogLines.PREFIX + "Pacer holds starts until " + hold.until() + " ("
                + Seconds.format(hold.heldFor()) + "): " + hold.reason() + ", "
                + hold.source().wireName()
                + " says so; " + what);
    }

    private RateLimitSignals signals(TransportResponse response) {
        ErrorBody body =
                response.isSuccess() ? ErrorBody.EMPTY : ErrorBodies.parse(response.body(), response.charset());
        return signals(response.status(), response.headers(), body);
    }

    /** The signals of a response read by any client: its error body (empty for a 2xx) redacted first. */
    RateLimitSignals signals(int status, ResponseHeaders headers, ErrorBody body) {
        ErrorBody safe = body == ErrorBody.EMPTY ? body : redacted(body);
        return RateLimitSignals.parse(status, headers, safe, timeSource.now());
    }

    private ErrorBody redacted(ErrorBody body) {
        return new ErrorBody(
                redactor.apply(body.type()),
                redactor.apply(body.code()),
                redactor.apply(body.message()),
                redactor.apply(body.retryDelay()),
                body.quotaIds().stream().map(redactor::apply).toList());
    }

    /** A response, its signals, the tier they reveal and the (closed) permit it was sent under, to settle. */
    record Answer(TransportResponse response, RateLimitSignals signals, Optional<Tier> detected, Permit permit) {}

    /** Any client's response, its signals, the tier they reveal and the (closed) permit it was sent under. */
    record Sent<R>(R response, RateLimitSignals signals, Optional<Tier> detected, Permit permit) {}

    /** One send on the wire by any client; runs {@code onWire} as the request goes out. */
    @FunctionalInterface
    interface Wire<R, E extends Exception> {
        R send(Runnable onWire) throws E, InterruptedException;
    }

    /**
     * When a paced request last went on the wire; tells its permit so. Written by one attempt at a time (an
     * asynchronous request's attempts may run on different I/O threads, one after another).
     */
    private static final class SendMark implements Runnable {
        private final Permit permit;
        private final TimeSource time;
        private volatile long sentAt;

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
}
