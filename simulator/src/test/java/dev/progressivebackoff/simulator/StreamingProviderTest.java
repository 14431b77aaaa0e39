package dev.progressivebackoff.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The simulated provider answers {@code stream: true} as OpenAI does: {@code chat.completion.chunk} events. */
class StreamingProviderTest {

    private static final String MESSAGES =
            "\"model\":\"moonshot-v1-8k\",\"messages\":[{\"role\":\"user\",\"content\":\"Explain backoff briefly.\"}]";
    private static final String PLAIN = "{" + MESSAGES + "}";
    private static final String STREAMED =
            "{" + MESSAGES + ",\"stream\":true,\"stream_options\":{\"include_usage\":true}}";

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private final ManualTimeSource clock = new ManualTimeSource();
    private SimulatedProvider provider;

    @AfterEach
    void stopProvider() {
        if (provider != null) {
            provider.close();
        }
    }

    @Test
    void aStreamedAnswerIsTheSameCompletionInChunksEndingWithUsageAndDone() throws Exception {
        // given
        URI base = start(SimulatedProvider.builder().withRpm(1000).withTimeSource(clock));
        JsonNode whole = json.readTree(post(base, PLAIN).body());

        // when
        HttpResponse<String> response = post(base, STREAMED);

        // then
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("text/event-stream"));
        assertThat(response.headers().firstValue("x-ratelimit-remaining-requests"))
                .isPresent();
        List<String> data = data(response.body());
        assertThat(data.get(data.size() - 1)).isEqualTo("[DONE]");
        List<JsonNode> chunks = new ArrayList<>();
        for (String event : data.subList(0, data.size() - 1)) {
            chunks.add(json.readTree(event));
        }
        assertThat(chunks).allSatisfy(chunk -> {
            assertThat(chunk.path("object").asText()).isEqualTo("chat.completion.chunk");
            assertThat(chunk.path("id").asText()).isEqualTo(whole.path("id").asText());
            assertThat(chunk.path("model").asText()).isEqualTo("moonshot-v1-8k");
        });
        assertThat(chunks.get(0).at("/choices/0/delta/role").asText()).isEqualTo("assistant");
        StringBuilder text = new StringBuilder();
        chunks.forEach(chunk -> chunk.path("choices")
                .forEach(c -> text.append(c.at("/delta/content").asText(""))));
        assertThat(text.toString())
                .isEqualTo(whole.at("/choices/0/message/content").asText());
        assertThat(chunks.size()).isGreaterThan(4);
        JsonNode finish = chunks.get(chunks.size() - 2);
        assertThat(finish.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
        assertThat(finish.path("usage").isNull()).isTrue();
        JsonNode usage = chunks.get(chunks.size() - 1);
        assertThat(usage.path("choices").isArray()).isTrue();
        assertThat(usage.path("choices")).isEmpty();
        assertThat(usage.path("usage")).isEqualTo(whole.path("usage"));
    }

    @Test
    void withoutIncludeUsageNoUsageChunkIsSent() throws Exception {
        // given
        URI base = start(SimulatedProvider.builder().withRpm(1000).withTimeSource(clock));

        // when
        List<String> data =
                data(post(base, "{" + MESSAGES + ",\"stream\":true}").body());

        // then
        for (String event : data.subList(0, data.size() - 1)) {
            JsonNode chunk = json.readTree(event);
            assertThat(chunk.has("usage")).isFalse();
            assertThat(chunk.path("choices")).hasSize(1);
        }
    }

    @Test
    void aStreamingRequestIsRateLimitedLikeAnyOther() throws Exception {
        // given: one request a minute
        URI base = start(SimulatedProvider.builder().withRpm(1).withTimeSource(clock));
        assertThat(post(base, STREAMED).statusCode()).isEqualTo(200);

        // when
        HttpResponse<String> refused = post(base, STREAMED);

        // then: a JSON 429, not a stream
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(json.readTree(refused.body()).at("/error/type").asText()).isEqualTo("rate_limit_reached_error");
    }

    @Test
    void aTruncationFaultCutsTheStreamMidway() throws Exception {
        // given
        URI base = start(
                SimulatedProvider.builder().withRpm(1000).withTimeSource(clock).withFault(Fault.TRUNCATED_JSON, 1.0));

        // then: the connection ends short of the body
        assertThatThrownBy(() -> post(base, STREAMED)).isInstanceOf(IOException.class);
    }

    private static List<String> data(String body) {
        List<String> data = new ArrayList<>();
        for (String event : body.split("\n\n")) {
            assertThat(event).startsWith("data: ");
            data.add(event.substring("data: ".length()));
        }
        return data;
    }

    private URI start(SimulatedProvider.Builder builder) {
        provider = builder.build();
        return provider.start();
    }

    private HttpResponse<String> post(URI base, String body) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(URI.create(base + "/chat/completions"))
                        .header("Authorization", "Bearer sk-a")
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
