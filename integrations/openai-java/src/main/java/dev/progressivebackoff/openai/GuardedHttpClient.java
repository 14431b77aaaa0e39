package dev.progressivebackoff.openai;

import com.openai.core.RequestOptions;
import com.openai.core.http.HttpClient;
import com.openai.core.http.HttpRequest;
import com.openai.core.http.HttpResponse;
import com.openai.errors.OpenAIIoException;
import dev.progressivebackoff.client.RateLimitGuard;
import dev.progressivebackoff.core.support.AsyncFailures;
import dev.progressivebackoff.openai.internal.OpenAiExchange;
import java.io.IOException;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * An openai-java {@link HttpClient} that wraps the SDK's own: each request waits for the pacer of the guard's key and
 * each 429 is closed and waited out by the toolkit (its policy, {@code Retry-After} obeyed), then sent again by the
 * SDK's client. I/O failures and transient statuses (500, 502, 503, 504, ...; never 429) are retried as the
 * toolkit's transport retries its own (its statuses, attempts, backoff, {@code Retry-After}), each attempt paced; an
 * error body is handed to the SDK with the API key and secret headers' values redacted. A 2xx response is returned
 * untouched, so a stream passes through (retries happen only before its
 * first byte); any other status is returned for the SDK to report. Turn the SDK's own retries off
 * ({@code maxRetries(0)}), as {@link ProgressiveBackoffOpenAiClient} does. A request whose body cannot be sent twice
 * (a one-shot upload) goes through paced once, never retried. {@link #executeAsync} blocks no thread while waiting:
 * the pacer's permit and each wait after a 429 are scheduled on the toolkit client's scheduler.
 */
public final class GuardedHttpClient implements HttpClient {

    private final HttpClient delegate;
    private final RateLimitGuard guard;
    /** Closed with this client: the TeacherClient the guard belongs to, when this client made it. */
    private final AutoCloseable owned;

    /**
     * Wraps {@code delegate}.
     *
     * @param delegate the SDK's client doing the wire work (e.g. its {@code OkHttpClient}); closed with this one
     * @param guard    the guard of a {@link dev.progressivebackoff.client.TeacherClient} (its pacer, tier, policy)
     */
    public GuardedHttpClient(HttpClient delegate, RateLimitGuard guard) {
        this(delegate, guard, () -> {});
    }

    GuardedHttpClient(HttpClient delegate, RateLimitGuard guard, AutoCloseable owned) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.guard = Objects.requireNonNull(guard, "guard");
        this.owned = owned;
    }

    @Override
    public HttpResponse execute(HttpRequest request, RequestOptions requestOptions) {
        OpenAiExchange exchange = new OpenAiExchange(delegate, request, requestOptions, guard::redact);
        try {
            return retryable(request) ? guard.send(exchange) : guard.sendOnce(exchange);
        } catch (IOException failure) {
            // as the SDK's own client reports it, after the toolkit's retries
            throw new OpenAIIoException("Request failed", failure);
        }
    }

    @Override
    public CompletableFuture<HttpResponse> executeAsync(HttpRequest request, RequestOptions requestOptions) {
        OpenAiExchange exchange = new OpenAiExchange(delegate, request, requestOptions, guard::redact);
        if (!retryable(request)) {
            // a one-shot body is sent once, blocking a pool thread: such uploads are rare and never retried
            return CompletableFuture.supplyAsync(() -> execute(request, requestOptions));
        }
        CompletableFuture<HttpResponse> sent = guard.sendAsync(exchange);
        CompletableFuture<HttpResponse> answer = sent.exceptionallyCompose(GuardedHttpClient::asTheSdkReportsIt);
        answer.whenComplete((done, failure) -> {
            if (answer.isCancelled()) {
                sent.cancel(true); // the SDK cancelled the call: the guard's pending wait or send stops
            }
        });
        return answer;
    }

    /** An I/O failure that outlasted the retries, as the SDK's own client reports it; any other failure as it is. */
    private static CompletableFuture<HttpResponse> asTheSdkReportsIt(Throwable failure) {
        Throwable cause = AsyncFailures.cause(failure);
        if (cause instanceof IOException io) {
            return CompletableFuture.failedFuture(new OpenAIIoException("Request failed", io));
        }
        return CompletableFuture.failedFuture(failure);
    }

    private static boolean retryable(HttpRequest request) {
        return request.body() == null || request.body().repeatable();
    }

    /** The guard this client sends through. */
    public RateLimitGuard guard() {
        return guard;
    }

    /** Closes the SDK's client, and the toolkit's client when this client made it. */
    @Override
    public void close() {
        delegate.close();
        try {
            owned.close();
        } catch (Exception failure) {
            throw new IllegalStateException("closing the toolkit's client failed", failure);
        }
    }
}
