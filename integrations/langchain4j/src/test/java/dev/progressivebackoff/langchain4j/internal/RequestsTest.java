package dev.progressivebackoff.langchain4j.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.http.client.HttpMethod;
import dev.langchain4j.http.client.HttpRequest;
import dev.progressivebackoff.transport.httpclient5.TransportRequest;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RequestsTest {

    static final String KEY = "sk-requests-test-0123456789";

    private static HttpRequest chat() {
        return HttpRequest.builder()
                .method(HttpMethod.POST)
                .url("http://127.0.0.1:8080/v1/chat/completions")
                .addHeader("Authorization", "Bearer " + KEY)
                .addHeader("Content-Type", "application/json")
                .addHeader("X-Team", "search")
                .body("{\"model\":\"m\"}")
                .build();
    }

    @Test
    void theEndpointIsTheUrlWithoutTheResource() {
        assertThat(Requests.endpoint("http://127.0.0.1:8080/v1/chat/completions"))
                .isEqualTo("http://127.0.0.1:8080/v1");
        assertThat(Requests.endpoint("https://api.example.com/openai/v1/embeddings?x=1"))
                .isEqualTo("https://api.example.com/openai/v1");
        assertThat(Requests.endpoint("https://api.example.com/v1/other")).isEqualTo("https://api.example.com/v1");
    }

    @Test
    void theKeyIsTheBearerTokenOrTheApiKeyHeader() {
        assertThat(Requests.apiKey(chat())).contains(KEY);
        HttpRequest azure = HttpRequest.builder()
                .method(HttpMethod.GET)
                .url("https://x.example.com/v1/models")
                .addHeader("api-key", "azure-key-123456789")
                .build();
        assertThat(Requests.apiKey(azure)).contains("azure-key-123456789");
    }

    @Test
    void theTransportRequestCarriesTheKeyAsItsBearerTokenAndTheOtherHeaders() {
        TransportRequest converted = Requests.transport(chat());

        assertThat(converted.method()).isEqualTo("POST");
        assertThat(converted.bearerToken())
                .hasValueSatisfying(key -> assertThat(key.reveal()).isEqualTo(KEY));
        assertThat(converted.headers()).containsEntry("X-Team", "search").doesNotContainKey("Authorization");
        assertThat(new String(converted.body(), StandardCharsets.UTF_8)).isEqualTo("{\"model\":\"m\"}");
        assertThat(converted.toString()).doesNotContain(KEY);
    }

    @Test
    void anErrorBodyEchoingTheKeyIsRedacted() {
        assertThat(Requests.redacted(chat(), "{\"error\":\"bad key " + KEY + "\"}"))
                .doesNotContain(KEY)
                .contains("***");
    }
}
