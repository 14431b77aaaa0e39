package dev.progressivebackoff.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The official OpenAI Node client ({@code integration-tests/openai-node}, its modules installed by {@code npm ci},
 * as {@code .ci/run} does) reads the simulated provider's stream and its plain answer. Tagged {@code judges}: it
 * needs Node and those modules, so only {@code mvn verify -Pjudges} runs it; a missing piece fails it, never
 * skips it.
 */
@Tag("judges")
class OpenAiNodeClientTest {

    private static final Path PROJECT = Path.of("..", "integration-tests", "openai-node");
    private static final String API_KEY = "sk-sim-node-client";

    private final ObjectMapper json = new ObjectMapper();
    private SimulatedProvider provider;

    @AfterEach
    void stopProvider() {
        if (provider != null) {
            provider.close();
        }
    }

    @Test
    void theOfficialClientStreamsTheSameAnswerWithUsage() throws Exception {
        // given: `serve`'s provider on a random loopback port, with a key to check
        provider = SimulatedProvider.builder().withRpm(1000).withApiKey(API_KEY).build();
        String baseUrl = provider.start().toString();

        // when
        JsonNode got = run(baseUrl);

        // then: the streamed text is the plain answer, and the usage arrived at the end of the stream
        JsonNode streamed = got.path("streamed");
        JsonNode plain = got.path("plain");
        assertThat(plain.path("text").asText()).startsWith("On \"How do I pace requests");
        assertThat(streamed.path("text").asText()).isEqualTo(plain.path("text").asText());
        assertThat(streamed.path("chunks").asInt()).isGreaterThan(3);
        assertThat(streamed.path("role").asText()).isEqualTo("assistant");
        assertThat(streamed.path("finishReason").asText()).isEqualTo("stop");
        assertThat(streamed.path("usage").path("total_tokens").asLong()).isPositive();
        assertThat(streamed.path("usage")).isEqualTo(plain.path("usage"));
        assertThat(provider.stats().completions()).isEqualTo(2);
    }

    private JsonNode run(String baseUrl) throws IOException, InterruptedException {
        assertThat(PROJECT.resolve("node_modules").resolve("openai"))
                .as("the openai package: run `npm ci` in integration-tests/openai-node (.ci/run does)")
                .isDirectory();
        Path out = Files.createTempFile("openai-node", ".out");
        Path err = Files.createTempFile("openai-node", ".err");
        try {
            ProcessBuilder node = new ProcessBuilder("node", "chat.mjs", baseUrl)
                    .directory(PROJECT.toFile())
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile());
            node.environment().put("OPENAI_API_KEY", API_KEY);
            Process process = node.start();
            boolean finished = process.waitFor(60, TimeUnit.SECONDS);
            if (!finished) {
                process.destroyForcibly();
            }
            String stderr = Files.readString(err, StandardCharsets.UTF_8);
            assertThat(finished)
                    .as("node finished within 60 s; stderr: %s", stderr)
                    .isTrue();
            assertThat(process.exitValue())
                    .as("node's exit status; stderr: %s", stderr)
                    .isZero();
            return json.readTree(Files.readString(out, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
