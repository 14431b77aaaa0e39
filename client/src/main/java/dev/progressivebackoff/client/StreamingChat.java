package dev.progressivebackoff.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.progressivebackoff.client.internal.CallScopedListener;
import dev.progressivebackoff.client.internal.CallStats;
import dev.progressivebackoff.client.internal.ChatJson;
import dev.progressivebackoff.client.internal.ClientLog;
import dev.progressivebackoff.client.internal.TokenEstimator;
import dev.progressivebackoff.core.ProgressiveBackoffException;
import dev.progressivebackoff.core.retry.ExchangeResult;
import dev.progressivebackoff.core.retry.RateLimitRetryLoop;
import dev.progressivebackoff.core.signals.ResponseKind;
import dev.progressivebackoff.transport.httpclient5.TransportException;
import dev.progressivebackoff.transport.httpclient5.TransportRequest;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The streaming chat call of a {@link TeacherClient}: the request sent with {@code stream: true} (and
 * {@code stream_options.include_usage}) through the same rate-limit loop, pacer and transport retries as a plain
 * chat, which all end with the first 2xx; its body is then read as server-sent events by a {@link ChatStream}.
 * Thread-safe.
 */
final class StreamingChat {

    private final PacedExchange exchange;
    private final RateLimitRetryLoop loop;
    private final CallScopedListener calls;
    private final TokenEstimator tokens;
    private final Supplier<URI> chatUri;
    private final Function<TransportRequest, TransportRequest> authorize;
    private final String defaultModel;
    private final ClientLog log;
    private final UnaryOperator<String> redactor;
    private final ObjectMapper mapper = new ObjectMapper();

    StreamingChat(
            ClientAssembly.Parts parts,
            PacedExchange exchange,
            RateLimitRetryLoop loop,
            CallScopedListener calls,
            TokenEstimator tokens,
            Supplier<URI> chatUri) {
        this.exchange = exchange;
        this.loop = loop;
        this.calls = calls;
        this.tokens = tokens;
        this.chatUri = chatUri;
        this.authorize = exchange::authorized;
        this.defaultModel = parts.settings().model();
        this.log = parts.log();
        this.redactor = parts.redactor();
    }

    /** Sends {@code request} to stream, waiting out rate limits first; the stream is open when it returns. */
    ChatStream open(ChatRequest request) {
        TransportRequest http = authorize.apply(TransportRequest.postJsonOwned(
                chatUri.get(), ChatJson.request(mapper, streaming(request), defaultModel)));
        CallStats stats = new CallStats();
        long chars =
                request.messages().stream().mapToLong(m -> m.content().length()).sum();
        int messages = request.messages().size();
        long estimate = tokens.estimate(chars, messages, request.maxTokens());
        PacedExchange.Opened opened;
        try {
            opened = calls.within(stats, () -> loop.execute(attempt -> attempt(http, stats, estimate)));
        } catch (TransportException failure) {
            log.warn(RetryLogLines.PREFIX + "Request error: " + failure.getMessage());
            failure.withRequestsSent(stats.requests() + failure.attempts());
            throw failure;
        } catch (ProgressiveBackoffException failure) {
            failure.withRequestsSent(stats.requests());
            throw failure;
        }
        Consumer<Usage> settle = usage -> {
            opened.permit().settle(usage.totalTokens());
            tokens.learn(chars, messages, usage.promptTokens(), usage.completionTokens());
        };
        return new ChatStream(
                opened.response(),
                new ChatStream.Opened(
                        opened.permit(),
                        settle,
                        mapper,
                        redactor,
                        stats.requests(),
                        stats.rateLimitRetries(),
                        stats.waited()));
    }

    /** Streams {@code request} to {@code listener} on this thread; returns (and tells it) the completion. */
    ChatResponse stream(ChatRequest request, ChatStreamListener listener) {
        ChatStream stream;
        try {
            stream = open(request);
        } catch (RuntimeException failure) {
            listener.onError(failure);
            throw failure;
        }
        try (stream) {
            while (next(stream, listener)) {
                listener.onDelta(stream.next());
            }
            ChatResponse completion = stream.completion();
            listener.onComplete(completion);
            return completion;
        }
    }

    /** Whether another delta came; a failure of the stream (not of the listener) is told to the listener. */
    private static boolean next(ChatStream stream, ChatStreamListener listener) {
        try {
            return stream.hasNext();
        } catch (ChatStreamException failure) {
            listener.onError(failure);
            throw failure;
        }
    }

    /** One attempt of the loop: a 2xx's open stream is the value; any other response is read whole and closed. */
    private ExchangeResult<PacedExchange.Opened> attempt(TransportRequest http, CallStats stats, long estimate)
            throws InterruptedException {
        PacedExchange.Opened opened = exchange.open(http, estimate);
        stats.exchanged(opened.response().attempts(), opened.response().waited());
        if (opened.signals().classification().kind() != ResponseKind.SUCCESS) {
            opened.response().close();
            return ExchangeResult.withoutValue(opened.signals());
        }
        return new ExchangeResult<>(opened.signals(), opened);
    }

    /** {@code request} with {@code stream: true} and, unless it sets its own, {@code include_usage}. */
    private static ChatRequest streaming(ChatRequest request) {
        Map<String, Object> extra = new LinkedHashMap<>(request.extra());
        extra.put("stream", true);
        extra.putIfAbsent("stream_options", Map.of("include_usage", true));
        return new ChatRequest(request.model(), request.messages(), request.temperature(), request.maxTokens(), extra);
    }
}
