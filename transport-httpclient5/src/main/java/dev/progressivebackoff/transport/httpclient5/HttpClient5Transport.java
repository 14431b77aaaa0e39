package dev.progressivebackoff.transport.httpclient5;

import dev.progressivebackoff.core.Seconds;
import dev.progressivebackoff.core.Sleeper;
import dev.progressivebackoff.core.signals.ResponseHeaders;
import dev.progressivebackoff.transport.httpclient5.internal.AttemptDeadlines;
import dev.progressivebackoff.transport.httpclient5.internal.BoundedBody;
import dev.progressivebackoff.transport.httpclient5.internal.OpenBody;
import dev.progressivebackoff.transport.httpclient5.internal.PlainHttp;
import dev.progressivebackoff.transport.httpclient5.internal.RawResponse;
import dev.progressivebackoff.transport.httpclient5.internal.SendObservingExecutor;
import dev.progressivebackoff.transport.httpclient5.internal.TransportRetryPolicy;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.hc.client5.http.ClientProtocolException;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.client5.http.routing.RoutingSupport;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.pool.ConnPoolStats;

/**
 * Sends {@link TransportRequest}s on HttpClient5's classic client, whose own automatic retries are off.
 * It retries I/O failures and 500/502/503/504 itself (see {@link HttpClient5TransportBuilder}), deciding with
 * a Failsafe policy and waiting through the injected {@link Sleeper} ({@link #executeAsync} schedules the waits
 * instead); a 429 is returned after exactly one request, for the rate-limit loop to handle. Thread-safe; close it to release the connection pool.
 */
public final class HttpClient5Transport implements AutoCloseable {

    private final CloseableHttpClient client;
    /** The client's pool, for {@link #poolStats()}; null when a user's client was given without it. */
    private final ConnPoolStats<?> pool;
    /** False for a client given to the builder: its owner closes it, and its executor does not call onSend. */
    private final boolean ownsClient;

    private final TransportRetryPolicy retries;
    private final Sleeper sleeper;
    private final AttemptDeadlines deadlines;
    private final long maxResponseBytes;
    private final TransportRetryListener listener;
    private final boolean allowInsecureHttp;
    /** The last URI found allowed (clients send to a handful of URIs): not checked again. */
    private volatile URI lastAllowed;
    /** The last {@code Content-Type} read and its charset (a server sends the same one every time). */
    private volatile ContentCharset lastCharset = new ContentCharset(null, StandardCharsets.UTF_8);

    HttpClient5Transport(
            CloseableHttpClient client,
            ConnPoolStats<?> pool,
            boolean ownsClient,
            TransportRetryPolicy retries,
            Sleeper sleeper,
            AttemptDeadlines deadlines,
            long maxResponseBytes,
            TransportRetryListener listener,
            boolean allowInsecureHttp) {
        this.client = client;
        this.pool = pool;
        this.ownsClient = ownsClient;
        this.retries = retries;
        this.sleeper = sleeper;
        this.deadlines = deadlines;
        this.maxResponseBytes = maxResponseBytes;
        this.listener = listener;
        this.allowInsecureHttp = allowInsecureHttp;
    }

    /** A builder with the {@link TransportSettings#defaults() default settings} and the system clock. */
    public static HttpClient5TransportBuilder builder() {
        return new HttpClient5TransportBuilder();
    }

    /** The statuses this transport retries; never contains 429. */
    public Set<Integer> retryStatuses() {
        return retries.statuses();
    }

    /**
     * The connection pool now: connections in use, requests waiting, idle connections, the maximum. All zero for a
     * {@linkplain HttpClient5TransportBuilder#withHttpClient(CloseableHttpClient) user's client} given without its
     * pool.
     */
    public PoolStats poolStats() {
        if (pool == null) {
            return new PoolStats(0, 0, 0, 0);
        }
        org.apache.hc.core5.pool.PoolStats totals = pool.getTotalStats();
        return new PoolStats(totals.getLeased(), totals.getPending(), totals.getAvailable(), totals.getMax());
    }

    /** The transport retries allowed per request. */
    public int maxRetries() {
        return retries.maxRetries();
    }

    /**
     * Sends {@code request}, retrying I/O failures and retryable statuses.
     *
     * @return the final response: a success, a status not retried (429, 4xx), or the last retryable status
     * @throws TransportException         I/O failures persisted through every retry
     * @throws ResponseTooLargeException  the body exceeded the maximum size
     * @throws InsecureEndpointException  plain http:// to a host that is not loopback, not allowed (nothing is sent)
     * @throws InterruptedException       interrupted while sending or waiting
     */
    public TransportResponse execute(TransportRequest request) throws InterruptedException {
        return execute(request, null);
    }

    /**
     * Sends {@code request} as {@link #execute(TransportRequest)} does, running {@code onSend} each time an
     * attempt is about to be written on an open connection (after any connection set-up): a pacer counts
     * the request from then. {@code onSend} must be quick and must not throw (what it throws is ignored).
     *
     * @param onSend run on the sending thread as each attempt goes on the wire; null for none
     * @throws TransportException         I/O failures persisted through every retry
     * @throws ResponseTooLargeException  the body exceeded the maximum size
     * @throws InsecureEndpointException  plain http:// to a host that is not loopback, not allowed (nothing is sent)
     * @throws InterruptedException       interrupted while sending or waiting
     */
    public TransportResponse execute(TransportRequest request, Runnable onSend) throws InterruptedException {
        TransportRetryRun.Settled settled = settle(request, onSend, false);
        return settled.response();
    }

    /**
     * Sends {@code request} as {@link #execute(TransportRequest, Runnable)} does (the same retries of I/O failures
     * and retryable statuses, the same {@code onSend}), but leaves the body of a 2xx open: it is read as the
     * server sends it, never buffered nor limited in size, and never retried once returned. Any other final
     * status is read whole, as {@code execute} returns it. The request deadline runs until the response is
     * closed; the response timeout bounds each wait for more bytes.
     *
     * @param onSend run on the sending thread as each attempt goes on the wire; null for none
     * @return the response; the caller must close it (that releases the connection)
     * @throws TransportException         I/O failures persisted through every retry
     * @throws ResponseTooLargeException  the body of a response other than 2xx exceeded the maximum size
     * @throws InsecureEndpointException  plain http:// to a host that is not loopback, not allowed (nothing is sent)
     * @throws InterruptedException       interrupted while sending or waiting
     */
    public StreamedResponse stream(TransportRequest request, Runnable onSend) throws InterruptedException {
        TransportRetryRun.Settled settled = settle(request, onSend, true);
        return new StreamedResponse(settled.response(), settled.raw().open());
    }

    /** Sends {@code request} as {@link #stream(TransportRequest, Runnable)} does, without an {@code onSend}. */
    public StreamedResponse stream(TransportRequest request) throws InterruptedException {
        return stream(request, null);
    }

    /**
     * Sends {@code request} as {@link #execute(TransportRequest, Runnable)} does, without blocking the caller: each
     * attempt's blocking I/O runs on {@code io}, and each wait before a retry is scheduled on {@code scheduler} (no
     * thread sleeps; this transport's {@link Sleeper} is not used). The retry rules, deadlines, events and failures
     * are those of {@code execute}. Cancelling the future cancels the pending wait or the queued attempt: nothing is
     * sent after it (an attempt already on the wire ends unread).
     *
     * @param onSend    run on the I/O thread as each attempt goes on the wire; null for none
     * @param scheduler where the waits between attempts are scheduled; its tasks must not block
     * @param io        where each attempt's blocking I/O runs
     * @return the final response's future; it fails with what {@code execute} throws ({@link TransportException},
     *         {@link ResponseTooLargeException}, {@link InsecureEndpointException}, {@link InterruptedException} when
     *         an I/O thread is interrupted), or with {@link java.util.concurrent.RejectedExecutionException} when an
     *         executor refuses a task
     */
    public CompletableFuture<TransportResponse> executeAsync(
            TransportRequest request, Runnable onSend, ScheduledExecutorService scheduler, Executor io) {
        Objects.requireNonNull(scheduler, "scheduler");
        Objects.requireNonNull(io, "io");
        try {
            refuseInsecure(request);
        } catch (RuntimeException refused) {
            return CompletableFuture.failedFuture(refused);
        }
        TransportRetryRun run = new TransportRetryRun(request, retries, listener::onRetry);
        return new AsyncTransportRun(attempt -> sendOnce(request, attempt, onSend), run, scheduler, io)
                .start()
                .future();
    }

    /** The retry loop of both {@code execute} and {@code stream}: the response settled on, with its attempts. */
    private TransportRetryRun.Settled settle(TransportRequest request, Runnable onSend, boolean streaming)
            throws InterruptedException {
        refuseInsecure(request);
        TransportRetryRun run = new TransportRetryRun(request, retries, listener::onRetry);
        while (true) {
            RawResponse response = null;
            IOException failure = null;
            try {
                int attempt = run.attempt();
                response = streaming ? openOnce(request, attempt, onSend) : sendOnce(request, attempt, onSend);
            } catch (IOException e) {
                failure = e;
            }
            boolean interrupted = Thread.interrupted();
            Optional<Duration> wait = run.after(response, failure, interrupted);
            if (wait.isEmpty()) {
                if (interrupted) {
                    // the response is returned all the same (it may have cost quota): the caller sees the interrupt
                    Thread.currentThread().interrupt();
                }
                return run.settled();
            }
            sleeper.sleep(wait.get());
        }
    }

    /** Refuses plain http:// to a host that is not loopback unless allowed; the last URI allowed is not re-checked. */
    private void refuseInsecure(TransportRequest request) {
        if (!allowInsecureHttp && request.uri() != lastAllowed) {
            if (PlainHttp.isInsecure(request.uri())) {
                throw new InsecureEndpointException(request.uri().getHost(), PlainHttp.refusal(request.uri()));
            }
            lastAllowed = request.uri();
        }
    }

    private RawResponse sendOnce(TransportRequest request, int attempt, Runnable onSend) throws IOException {
        HttpUriRequestBase httpRequest = httpRequest(request);
        AtomicBoolean tooLarge = new AtomicBoolean();
        Optional<RawResponse> read;
        try (AttemptDeadlines.Attempt clock = deadlines.start(httpRequest)) {
            try {
                read = client.execute(httpRequest, context(onSend), response -> read(response, httpRequest, tooLarge));
            } catch (IOException afterCancel) {
                throw explained(afterCancel, tooLarge, clock, request, attempt);
            }
        }
        return read.orElseThrow(() -> new ResponseTooLargeException(request, maxResponseBytes, attempt));
    }

    /** One streaming attempt: a 2xx comes back with its body open (and its deadline running), any other read whole. */
    private RawResponse openOnce(TransportRequest request, int attempt, Runnable onSend) throws IOException {
        HttpUriRequestBase httpRequest = httpRequest(request);
        AtomicBoolean tooLarge = new AtomicBoolean();
        AttemptDeadlines.Attempt clock = deadlines.start(httpRequest);
        ClassicHttpResponse response = null;
        try {
            response = client.executeOpen(target(httpRequest), httpRequest, context(onSend));
            if (response.getCode() / 100 == 2) {
                OpenBody open = new OpenBody(response, httpRequest, clock, deadlines);
                HttpEntity entity = response.getEntity();
                Charset charset = entity == null ? StandardCharsets.UTF_8 : charsetOf(entity);
                return new RawResponse(response.getCode(), headersOf(response), new byte[0], charset, open);
            }
            Optional<RawResponse> read = read(response, httpRequest, tooLarge);
            closeQuietly(response, clock);
            return read.orElseThrow(() -> new ResponseTooLargeException(request, maxResponseBytes, attempt));
        } catch (IOException failure) {
            closeQuietly(response, clock);
            throw explained(failure, tooLarge, clock, request, attempt);
        }
    }

    private static HttpHost target(HttpUriRequestBase request) throws IOException {
        try {
            return RoutingSupport.determineHost(request);
        } catch (HttpException unroutable) {
            throw new ClientProtocolException(unroutable.getMessage(), unroutable);
        }
    }

    private static void closeQuietly(ClassicHttpResponse response, AttemptDeadlines.Attempt clock) {
        clock.close();
        if (response != null) {
            try {
                response.close();
            } catch (IOException ignored) {
                // a failed attempt: the connection is discarded either way
            }
        }
    }

    /** The failure of an attempt, named for what cut it: the size limit, the deadline, or the network. */
    private IOException explained(
            IOException failure,
            AtomicBoolean tooLarge,
            AttemptDeadlines.Attempt clock,
            TransportRequest request,
            int attempt) {
        if (tooLarge.get()) {
            throw new ResponseTooLargeException(request, maxResponseBytes, attempt);
        }
        if (clock.expired()) {
            return new SocketTimeoutException("the attempt passed its request deadline of "
                    + Seconds.format(deadlines.deadline()) + " (the server was still sending)");
        }
        return failure;
    }

    private static HttpUriRequestBase httpRequest(TransportRequest request) {
        HttpUriRequestBase httpRequest = new HttpUriRequestBase(request.method(), request.uri());
        request.headers().forEach(httpRequest::setHeader);
        request.bearerToken().ifPresent(key -> httpRequest.setHeader("Authorization", "Bearer " + key.reveal()));
        if (request.hasBody()) {
            httpRequest.setEntity(new ByteArrayEntity(request.bodyBytes(), entityType(request)));
        }
        return httpRequest;
    }

    private HttpClientContext context(Runnable onSend) {
        HttpClientContext context = HttpClientContext.create();
        if (onSend != null && ownsClient) {
            context.setAttribute(SendObservingExecutor.ON_SEND, onSend);
        } else if (onSend != null) {
            // a user's client has its own executor: the send counts from now, connection set-up included
            runQuietly(onSend);
        }
        return context;
    }

    private static void runQuietly(Runnable onSend) {
        try {
            onSend.run();
        } catch (RuntimeException ignored) {
            // an observer must never break the request it observes
        }
    }

    private static ContentType entityType(TransportRequest request) {
        String type = request.contentType();
        return type.equals(ContentType.APPLICATION_JSON.getMimeType())
                ? ContentType.APPLICATION_JSON
                : ContentType.parseLenient(type);
    }

    private Optional<RawResponse> read(
            ClassicHttpResponse response, HttpUriRequestBase httpRequest, AtomicBoolean tooLarge) throws IOException {
        ResponseHeaders headers = headersOf(response);
        HttpEntity entity = response.getEntity();
        if (entity == null) {
            return Optional.of(new RawResponse(response.getCode(), headers, new byte[0], StandardCharsets.UTF_8));
        }
        Charset charset = charsetOf(entity);
        InputStream in = entity.getContent();
        Optional<byte[]> body = BoundedBody.read(in, maxResponseBytes);
        if (body.isEmpty()) {
            // Cut the connection before anything closes the stream: closing it would drain the rest of the body.
            tooLarge.set(true);
            httpRequest.cancel();
            return Optional.empty();
        }
        in.close();
        return Optional.of(new RawResponse(response.getCode(), headers, body.get(), charset));
    }

    private static ResponseHeaders headersOf(ClassicHttpResponse response) {
        ResponseHeaders.Builder headers = ResponseHeaders.builder();
        for (Header header : response.getHeaders()) {
            headers.add(header.getName(), header.getValue());
        }
        return headers.build();
    }

    private Charset charsetOf(HttpEntity entity) {
        String contentType = entity.getContentType();
        ContentCharset last = lastCharset;
        if (contentType != null && contentType.equals(last.contentType())) {
            return last.charset();
        }
        ContentType type = ContentType.parseLenient(contentType);
        Charset charset = type == null || type.getCharset() == null ? StandardCharsets.UTF_8 : type.getCharset();
        if (contentType != null) {
            lastCharset = new ContentCharset(contentType, charset);
        }
        return charset;
    }

    /** A {@code Content-Type} value and the charset it names (UTF-8 when none). */
    private record ContentCharset(String contentType, Charset charset) {}

    /** Closes the client and its connection pool, unless the client was given to the builder (its owner closes it). */
    @Override
    public void close() {
        try {
            if (ownsClient) {
                client.close(CloseMode.GRACEFUL);
            }
        } finally {
            deadlines.close();
        }
    }

    @Override
    public String toString() {
        return "HttpClient5Transport[maxRetries=" + retries.maxRetries() + ", retryStatuses="
                + retries.statuses().stream().sorted().toList() + ", maxResponseBytes=" + maxResponseBytes
                + ", allowInsecureHttp=" + allowInsecureHttp + "]";
    }
}
