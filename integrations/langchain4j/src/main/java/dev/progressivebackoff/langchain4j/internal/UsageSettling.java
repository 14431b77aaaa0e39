package dev.progressivebackoff.langchain4j.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.http.client.SuccessfulHttpResponse;
import dev.langchain4j.http.client.sse.ServerSentEvent;
import dev.langchain4j.http.client.sse.ServerSentEventContext;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import java.util.function.LongConsumer;

/**
 * A LangChain4j stream listener passing every callback on, which also reads the {@code usage} a stream's last chunk
 * carries ({@code stream_options.include_usage}) to settle the pacer's token count with its {@code total_tokens}.
 */
public final class UsageSettling implements ServerSentEventListener {

    private final ServerSentEventListener listener;
    private final LongConsumer settle;

    public UsageSettling(ServerSentEventListener listener, LongConsumer settle) {
        this.listener = listener;
        this.settle = settle;
    }

    @Override
    public void onOpen(SuccessfulHttpResponse response) {
        listener.onOpen(response);
    }

    @Override
    public void onEvent(ServerSentEvent event, ServerSentEventContext context) {
        read(event);
        listener.onEvent(event, context);
    }

    @Override
    public void onEvent(ServerSentEvent event) {
        read(event);
        listener.onEvent(event);
    }

    @Override
    public void onError(Throwable throwable) {
        listener.onError(throwable);
    }

    @Override
    public void onClose() {
        listener.onClose();
    }

    /** Settles with the event's usage, if it has one (only the chunks naming it are parsed). */
    private void read(ServerSentEvent event) {
        String data = event.data();
        if (data == null || !data.contains("\"usage\"")) {
            return;
        }
        try {
            // one chunk per stream carries it: a mapper for it alone
            JsonNode total = new ObjectMapper().readTree(data).path("usage").path("total_tokens");
            if (total.canConvertToLong()) {
                settle.accept(total.asLong());
            }
        } catch (JsonProcessingException | RuntimeException notJson) {
            // not a chunk with usage: LangChain4j reports it as it does
        }
    }
}
