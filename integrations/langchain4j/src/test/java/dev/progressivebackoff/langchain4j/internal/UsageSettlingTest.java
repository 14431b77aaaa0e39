package dev.progressivebackoff.langchain4j.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.http.client.sse.ServerSentEvent;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class UsageSettlingTest {

    final List<String> told = new CopyOnWriteArrayList<>();
    final List<Long> settled = new CopyOnWriteArrayList<>();

    final ServerSentEventListener listener = new ServerSentEventListener() {
        @Override
        public void onEvent(ServerSentEvent event) {
            told.add(event.data());
        }

        @Override
        public void onError(Throwable throwable) {
            told.add("error: " + throwable.getMessage());
        }

        @Override
        public void onClose() {
            told.add("closed");
        }
    };

    @Test
    void passesEveryEventOnOnceAndSettlesWithTheTotalTokensOfTheUsageChunk() {
        UsageSettling settling = new UsageSettling(listener, settled::add);
        List<String> data = List.of(
                "{\"choices\":[{\"delta\":{\"content\":\"usage\"}}]}",
                "{\"choices\":[],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":2,\"total_tokens\":7}}",
                "[DONE]");

        data.forEach(d -> settling.onEvent(new ServerSentEvent(null, d)));
        settling.onClose();

        assertThat(told).containsExactly(data.get(0), data.get(1), data.get(2), "closed");
        assertThat(settled).containsExactly(7L);
    }

    @Test
    void aStreamWithoutUsageOrWithMalformedUsageSettlesNothing() {
        UsageSettling settling = new UsageSettling(listener, settled::add);

        settling.onEvent(new ServerSentEvent(null, "{\"usage\": null}"));
        settling.onEvent(new ServerSentEvent(null, "not json \"usage\""));
        settling.onError(new IllegalStateException("cut"));

        assertThat(settled).isEmpty();
        assertThat(told).containsExactly("{\"usage\": null}", "not json \"usage\"", "error: cut");
    }
}
