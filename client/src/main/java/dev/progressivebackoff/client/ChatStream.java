package dev.progressivebackoff.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.progressivebackoff.client.internal.ChatChunks;
import dev.progressivebackoff.client.internal.ChatJson;
import dev.progressivebackoff.client.internal.ServerSentEvents;
import dev.progressivebackoff.core.support.TextSnippet;
import dev.progressivebackoff.pacing.Permit;
import dev.progressivebackoff.transport.httpclient5.StreamedResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A streamed chat completion being received ({@link TeacherClient#chatStream(ChatRequest)}): iterate its deltas
 * as they arrive, then read the {@link #completion()}. Every wait and retry happened before it was returned; a
 * failure from here on is a {@link ChatStreamException} carrying the text received, never retried. Close it
 * (try-with-resources) to release the connection and the pacer's permit, which the stream holds while open.
 * One thread reads it; {@link #close()} may come from another to stop a blocked read.
 */
public final class ChatStream implements Iterator<ChatDelta>, AutoCloseable {

    /** After {@code [DONE]}, at most this much is read looking for the end of the body (to reuse the connection). */
    private static final int DRAIN_LIMIT = 64 * 1024;

    private final StreamedResponse response;
    private final Opened opened;
    private final ServerSentEvents events;
    /** A 2xx that ignored {@code stream: true} and answered with one JSON completion: read as one delta. */
    private final boolean json;

    private final ChatChunks chunks = new ChatChunks();
    private final Deque<ChatDelta> pending = new ArrayDeque<>();
    private ChatResponse completion;
    private ChatStreamException failure;

    ChatStream(StreamedResponse response, Opened opened) {
        this.response = response;
        this.opened = opened;
        this.events = new ServerSentEvents(response.body());
        this.json = response.headers()
                .first("Content-Type")
                .map(type -> type.toLowerCase(Locale.ROOT).startsWith("application/json"))
                .orElse(false);
    }

    /**
     * What a stream needs besides its response.
     *
     * @param permit           the pacer's permit, closed with the stream
     * @param settle           told the usage once it arrives (settles the permit's tokens)
     * @param mapper           reads the chunks
     * @param redactor         removes the API key from any text put in a message
     * @param requests         HTTP requests sent before the stream started
     * @param rateLimitRetries 429s waited out before it
     * @param waited           time waited before it
     */
    record Opened(
            Permit permit,
            Consumer<Usage> settle,
            ObjectMapper mapper,
            UnaryOperator<String> redactor,
            int requests,
            int rateLimitRetries,
            Duration waited) {}

    /**
     * True if another delta has arrived or arrives; blocks until one does or the stream ends.
     *
     * @throws ChatStreamException the stream failed (again on every later call)
     */
    @Override
    public boolean hasNext() {
        while (pending.isEmpty() && completion == null) {
            if (failure != null) {
                throw failure;
            }
            readEvent();
        }
        return !pending.isEmpty();
    }

    /**
     * The next delta.
     *
     * @throws NoSuchElementException the stream has ended
     * @throws ChatStreamException    the stream failed
     */
    @Override
    public ChatDelta next() {
        if (!hasNext()) {
            throw new NoSuchElementException("the stream has ended");
        }
        return pending.poll();
    }

    /** The deltas as a sequential stream; closing it closes this. */
    public Stream<ChatDelta> deltas() {
        return StreamSupport.stream(
                        Spliterators.spliteratorUnknownSize(this, Spliterator.ORDERED | Spliterator.NONNULL), false)
                .onClose(this::close);
    }

    /** The first choice's text received so far. */
    public String text() {
        return chunks.text();
    }

    /**
     * The completion, once every delta was read: the whole text, finish reason, usage (zeros when the server
     * sent none), model, and the requests and waits before the stream.
     *
     * @throws ChatStreamException   the stream failed
     * @throws IllegalStateException deltas remain to be read
     */
    public ChatResponse completion() {
        if (failure != null) {
            throw failure;
        }
        if (completion == null || !pending.isEmpty()) {
            throw new IllegalStateException("the stream has not been read to its end");
        }
        return completion;
    }

    /** The usage, once it arrived. */
    public Optional<Usage> usage() {
        return chunks.usage();
    }

    /** Releases the connection (cut unless the body was read to its end) and the pacer's permit. Idempotent. */
    @Override
    public void close() {
        try {
            response.close();
        } finally {
            opened.permit().close();
        }
    }

    private void readEvent() {
        if (json) {
            readWhole();
            return;
        }
        Optional<ServerSentEvents.Event> event;
        try {
            event = events.next();
        } catch (IOException cut) {
            throw failed("the stream was cut after " + chunks.deltas() + " delta(s): " + describe(cut), cut);
        }
        if (event.isEmpty()) {
            if (!chunks.finished()) {
                throw failed("the stream ended before the completion did (no finish_reason, no [DONE])", null);
            }
            end();
        } else if (event.get().data().equals("[DONE]")) {
            end();
        } else {
            accept(event.get().data());
        }
    }

    private void accept(String data) {
        JsonNode chunk;
        try {
            chunk = opened.mapper().readTree(data);
        } catch (IOException malformed) {
            throw failed("the stream sent a chunk that is not JSON: " + TextSnippet.of(data), malformed);
        }
        JsonNode error = chunk == null ? null : chunk.path("error");
        if (chunk == null || !chunk.isObject() || error.isObject()) {
            String message = error != null && error.path("message").isTextual()
                    ? error.get("message").textValue()
                    : TextSnippet.of(data);
            throw failed("the server sent an error in place of a chunk: " + message, null);
        }
        pending.addAll(chunks.accept(chunk));
    }

    private void readWhole() {
        ChatResponse whole;
        try {
            whole = ChatJson.response(opened.mapper().readTree(response.body()), 1, 0, Duration.ZERO);
        } catch (IOException | TeacherClientException unreadable) {
            throw failed("the answer is not a chat completion: " + describe(unreadable), unreadable);
        }
        pending.addAll(chunks.acceptWhole(whole.content(), whole.finishReason(), whole.model(), whole.usage()));
        end();
    }

    /** The stream is complete: the usage settled, the connection released, the completion made. */
    private void end() {
        chunks.usage().ifPresent(opened.settle());
        drain();
        close();
        completion = new ChatResponse(
                chunks.text(),
                chunks.finishReason(),
                chunks.usage().orElse(Usage.NONE),
                chunks.model(),
                opened.requests(),
                opened.rateLimitRetries(),
                opened.waited());
    }

    /** Reads what follows {@code [DONE]} (the end of the body, normally nothing), so the connection is reused. */
    private void drain() {
        try {
            response.body().readNBytes(DRAIN_LIMIT);
        } catch (IOException ignored) {
            // closing cuts the connection instead
        }
    }

    private ChatStreamException failed(String message, Throwable cause) {
        close();
        failure = new ChatStreamException(opened.redactor().apply(message), chunks.text(), chunks.deltas(), cause);
        failure.withRequestsSent(opened.requests());
        return failure;
    }

    private static String describe(Throwable failure) {
        String message = failure.getMessage();
        return failure.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
