package dev.progressivebackoff.client;

import dev.progressivebackoff.client.PacedExchange.Sent;
import dev.progressivebackoff.core.Sleeper;
import dev.progressivebackoff.core.Tier;
import dev.progressivebackoff.core.retry.ExchangeResult;
import dev.progressivebackoff.core.retry.NotRetryableException;
import dev.progressivebackoff.core.retry.RateLimitRetryLoop;
import dev.progressivebackoff.core.retry.RetryInterruptedException;
import dev.progressivebackoff.core.signals.ErrorBodies;
import dev.progressivebackoff.core.signals.ErrorBody;
import dev.progressivebackoff.core.signals.RateLimitSignals;
import dev.progressivebackoff.core.signals.ResponseKind;
import dev.progressivebackoff.core.support.AsyncFailures;
import dev.progressivebackoff.pacing.PacerState;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Gives a request sent by another library's HTTP client (a <em>foreign</em> send) the treatment a
 * {@link TeacherClient} call gets: each attempt waits for the pacer of the client's key, the tier is read from every
 * response's headers, the signals from its status, headers and error body, and each 429 is waited out as the policy
 * and the server ({@code Retry-After}) say, with the client's events and log lines, the API key redacted. Obtained from
 * {@link TeacherClient#guard()}: it shares the client's pacer, tier and listeners, so the client and every library
 * guarded by it pace one key together. Thread-safe.
 *
 * <p>A 2xx response is handed back untouched, its body unread (a stream passes through: retries happen only before
 * its first byte). Any other status but a retryable 429 is handed back too, its body still readable, for the library
 * to report as it does.
 */
public final class RateLimitGuard {

    private final PacedExchange exchange;
    private final RateLimitRetryLoop loop;
    private final TeacherClient client;
    /** The client's scheduler of asynchronous waits (started on first use). */
    private final Supplier<ScheduledExecutorService> scheduler;
    /** The transport's retries of I/O failures and transient statuses, for a send that has none of its own. */
    private final TransientRetries retries;
    /** How a blocking send waits before a transient retry (the client's sleeper). */
    private final Sleeper sleeper;

    RateLimitGuard(
            TeacherClient client,
            PacedExchange exchange,
            RateLimitRetryLoop loop,
            Supplier<ScheduledExecutorService> scheduler,
            TransientRetries retries,
            Sleeper sleeper) {
        this.client = client;
        this.exchange = exchange;
        this.loop = loop;
        this.scheduler = scheduler;
        this.retries = retries;
        this.sleeper = sleeper;
    }

    /**
     * Sends {@code call} until it gets a response other than a retryable 429, pacing each attempt. Unless the call
     * {@linkplain ForeignExchange#retriesTransientFailures() retries them itself}, I/O failures and transient statuses
     * (500, 502, 503, 504, ...) are retried first as the client's transport retries its own: the same statuses,
     * attempts, backoff and server hints ({@code Retry-After}), each attempt paced.
     *
     * @param call the foreign request
     * @param <R>  the library's response
     * @return the first 2xx response untouched, or the first response that is neither 2xx nor a retryable 429
     * @throws IOException                                                  a send failed, and its retries too
     * @throws dev.progressivebackoff.core.retry.RetriesExhaustedException every rate-limit retry got a 429
     * @throws dev.progressivebackoff.core.retry.RateLimitedUntilException the server asked for too long a wait
     * @throws dev.progressivebackoff.core.retry.RetryInterruptedException the thread was interrupted
     */
    public <R> R send(ForeignExchange<R> call) throws IOException {
        AtomicReference<R> last = new AtomicReference<>();
        try {
            return loop.execute(attempt -> attempt(call, last));
        } catch (NotRetryableException handedBack) {
            // a 4xx or 5xx the loop does not retry: the library reports it from the response, as without the guard
            R response = last.get();
            if (response == null) {
                throw handedBack;
            }
            return response;
        }
    }

    /**
     * Sends {@code call} once, paced, its response read for the tier and the pacer but never retried: for a request
     * that cannot be sent twice (a one-shot upload).
     *
     * @param call the foreign request
     * @param <R>  the library's response
     * @return the response, of any status
     * @throws IOException                                                  the send failed
     * @throws dev.progressivebackoff.core.retry.RetryInterruptedException the thread was interrupted
     */
    public <R> R sendOnce(ForeignExchange<R> call) throws IOException {
        try {
            return exchange.paced(call::send, response -> signals(call, response), false, 0)
                    .response();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new RetryInterruptedException(List.of(), interrupted);
        }
    }

    /**
     * As {@link #send}, without blocking a thread while waiting: the pacer's permit and each wait after a 429 are
     * scheduled on the client's scheduler ({@link TeacherClientBuilder#withScheduler}), and each attempt is sent with
     * {@link ForeignExchange#sendAsync}.
     *
     * @param call the foreign request
     * @param <R>  the library's response
     * @return the response's future, failing as {@link #send} throws
     */
    public <R> CompletableFuture<R> sendAsync(ForeignExchange<R> call) {
        AtomicReference<R> last = new AtomicReference<>();
        ScheduledExecutorService waits = scheduler.get();
        CompletableFuture<R> run = loop.executeAsync(attempt -> attemptAsync(call, last, waits), waits);
        CompletableFuture<R> answer = run.handle((response, failure) -> {
            if (failure == null) {
                return response;
            }
            Throwable cause = AsyncFailures.cause(failure);
            R handedBack = last.get();
            if (cause instanceof NotRetryableException && handedBack != null) {
                return handedBack;
            }
            throw failure instanceof CompletionException c ? c : new CompletionException(cause);
        });
        return cancellingWith(answer, run);
    }

    /** {@code answer}, whose cancellation cancels {@code source} it depends on (the wait or send pending stops). */
    private static <T> CompletableFuture<T> cancellingWith(CompletableFuture<T> answer, CompletableFuture<?> source) {
        answer.whenComplete((done, failure) -> {
            if (answer.isCancelled()) {
                source.cancel(true);
            }
        });
        return answer;
    }

    /**
     * As {@link #send}, for a response whose body streams: a 2xx comes back with the pacer's permit still held, for
     * the caller to {@linkplain HeldResponse#close() release} when the stream ends or fails (the request is in flight
     * at the server until its last byte, so a concurrency cap counts it until then) and to
     * {@linkplain HeldResponse#settle settle} with the usage the stream reports. Any other response comes back with
     * its permit released.
     *
     * @param call the foreign request
     * @param <R>  the library's response
     * @return the response and its permit
     * @throws IOException as {@link #send} throws, and its other exceptions too
     */
    public <R> HeldResponse<R> sendHeld(ForeignExchange<R> call) throws IOException {
        AtomicReference<Sent<R>> last = new AtomicReference<>();
        AtomicReference<Sent<R>> handedBack = new AtomicReference<>();
        try {
            loop.execute(attempt -> {
                Sent<R> sent = retried(
                        call, () -> exchange.held(call::send, response -> signals(call, response), 0, call::discard));
                last.set(sent);
                AtomicReference<R> kept = new AtomicReference<>();
                ExchangeResult<R> result = result(call, sent, kept);
                handedBack.set(kept.get() == null ? null : sent);
                return result;
            });
            return new HeldResponse<>(last.get().response(), last.get().permit());
        } catch (NotRetryableException notRetried) {
            Sent<R> response = handedBack.get();
            if (response == null) {
                throw notRetried;
            }
            return new HeldResponse<>(response.response(), response.permit());
        }
    }

    private <R> ExchangeResult<R> attempt(ForeignExchange<R> call, AtomicReference<R> last)
            throws IOException, InterruptedException {
        return result(call, retried(call, () -> exchange.paced(call::send, r -> signals(call, r), false, 0)), last);
    }

    /** One paced send of {@code call}, each (paced) transient retry included, unless the call retries its own. */
    private <R> Sent<R> retried(ForeignExchange<R> call, PacedSend<R> send) throws IOException, InterruptedException {
        for (int attempt = 1; ; attempt++) {
            Sent<R> sent;
            try {
                sent = send.send();
            } catch (IOException failure) {
                Optional<Duration> wait = call.retriesTransientFailures()
                        ? Optional.empty()
                        : retries.afterFailure(failure, call.uri(), attempt);
                if (wait.isEmpty()) {
                    throw failure;
                }
                sleeper.sleep(wait.get());
                continue;
            }
            Optional<Duration> wait =
                    call.retriesTransientFailures() ? Optional.empty() : retries.afterResponse(sent.signals(), attempt);
            if (wait.isEmpty()) {
                return sent;
            }
            sent.permit().close();
            call.discard(sent.response());
            sleeper.sleep(wait.get());
        }
    }

    /** One paced send. */
    @FunctionalInterface
    private interface PacedSend<R> {
        Sent<R> send() throws IOException, InterruptedException;
    }

    private <R> CompletionStage<ExchangeResult<R>> attemptAsync(
            ForeignExchange<R> call, AtomicReference<R> last, ScheduledExecutorService waits) {
        CompletableFuture<Sent<R>> outcome = new CompletableFuture<>();
        Function<R, RateLimitSignals> read = response -> signals(call, response);
        new AsyncTransientSend<>(call, read, exchange, retries, waits, outcome).attempt(1);
        // the loop cancels the stage it was given: the sends and waits behind it stop too
        return cancellingWith(outcome.thenApply(sent -> result(call, sent, last)), outcome);
    }

    /** A 2xx is the value; a 429 is released for a retry; any other status is kept to hand back. */
    private <R> ExchangeResult<R> result(ForeignExchange<R> call, Sent<R> sent, AtomicReference<R> last) {
        R response = sent.response();
        last.set(response);
        RateLimitSignals signals = sent.signals();
        ResponseKind kind = signals.classification().kind();
        if (kind == ResponseKind.SUCCESS) {
            return new ExchangeResult<>(signals, response);
        }
        if (kind == ResponseKind.RATE_LIMITED) {
            last.set(null);
            call.discard(response);
        }
        return ExchangeResult.withoutValue(signals);
    }

    private <R> RateLimitSignals signals(ForeignExchange<R> call, R response) {
        int status = call.status(response);
        ErrorBody body = ErrorBody.EMPTY;
        if (status < 200 || status > 299) {
            try {
                body = ErrorBodies.parse(call.errorBody(response), StandardCharsets.UTF_8);
            } catch (IOException unreadable) {
                body = ErrorBody.EMPTY;
            }
        }
        return exchange.signals(status, call.headers(response), body);
    }

    /**
     * {@code text} without the client's API key and its secret headers' values, as the client's own log lines and
     * exceptions are: for a library that shows a response's text to its user (an error body in its exception).
     *
     * @param text any text; null stays null
     */
    public String redact(String text) {
        return exchange.redact(text);
    }

    /** The tier in force now, as the guarded responses (and the client's own) reveal it. */
    public Tier tier() {
        return client.tier();
    }

    /** The state of the pacer of the client's key. */
    public PacerState pacerState() {
        return client.pacerState();
    }

    /** The client whose pacer, tier and listeners this guard uses. */
    public TeacherClient client() {
        return client;
    }
}
