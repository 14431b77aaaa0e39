package dev.progressivebackoff.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Chat coverage against a loopback server that echoes the request it received: fields the client does not model
 * pass through (tools, response_format, multimodal parts, tool messages), and every choice, tool call and the raw
 * JSON of the answer are readable.
 */
class TeacherClientChatCoverageTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private HttpServer server;

    @BeforeEach
    void startEchoServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v1/chat/completions", TeacherClientChatCoverageTest::echo);
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    /** Answers with two choices: the first's content is the request body received, the second calls a tool. */
    private static void echo(HttpExchange exchange) throws IOException {
        String received = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        ObjectNode answer = JSON.createObjectNode().put("id", "echo-1").put("model", "echo-model");
        answer.put("system_fingerprint", "fp_echo");
        ObjectNode first =
                answer.putArray("choices").addObject().put("index", 0).put("finish_reason", "stop");
        first.putObject("message").put("role", "assistant").put("content", received);
        ObjectNode second = answer.withArray("choices").addObject().put("index", 1);
        second.put("finish_reason", "tool_calls");
        ObjectNode message = second.putObject("message").put("role", "assistant");
        message.putNull("content");
        message.putArray("tool_calls")
                .addObject()
                .put("id", "call_1")
                .put("type", "function")
                .putObject("function")
                .put("name", "lookup")
                .put("arguments", "{\"city\":\"Paris\"}");
        answer.putObject("usage")
                .put("prompt_tokens", 5)
                .put("completion_tokens", 7)
                .put("total_tokens", 12);
        byte[] body = JSON.writeValueAsBytes(answer);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    private TeacherClient client() {
        return TeacherClient.builder()
                .withEndpoint("http://127.0.0.1:" + server.getAddress().getPort() + "/v1")
                .withApiKey("sk-chat-coverage")
                .withTier("tier1")
                .withModel("default-model")
                .build();
    }

    @Test
    void unknownRequestFieldsAndMessageShapesReachTheServerAsGiven() throws Exception {
        // given: tools, a response format and n as extras; an image-only user message; a tool-call round trip
        JsonNode tools = JSON.readTree("""
                [{"type":"function","function":{"name":"lookup","parameters":{"type":"object"}}}]""");
        JsonNode imageOnly = JSON.readTree("""
                [{"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo="}}]""");
        JsonNode toolCalls = JSON.readTree("""
                [{"id":"call_0","type":"function","function":{"name":"lookup","arguments":"{}"}}]""");
        ChatRequest request = ChatRequest.builder()
                .withMessage(ChatMessage.ofParts("user", imageOnly))
                .withMessage(ChatMessage.assistantToolCalls(toolCalls))
                .withMessage(ChatMessage.tool("call_0", "sunny"))
                .withMessage(ChatMessage.user("and?").withExtra("name", TextNode.valueOf("alice")))
                .withExtra("tools", tools)
                .withExtra("response_format", Map.of("type", "json_object"))
                .withExtra("n", 2)
                .build();

        // when
        ChatResponse response;
        try (TeacherClient client = client()) {
            response = client.chat(request);
        }

        // then: the server received every field as given
        JsonNode received = JSON.readTree(response.content());
        assertThat(received.path("model").asText()).isEqualTo("default-model");
        assertThat(received.path("tools")).isEqualTo(tools);
        assertThat(received.path("response_format")).isEqualTo(JSON.readTree("{\"type\":\"json_object\"}"));
        assertThat(received.path("n").asInt()).isEqualTo(2);
        JsonNode messages = received.path("messages");
        assertThat(messages).hasSize(4);
        assertThat(messages.get(0).path("content")).isEqualTo(imageOnly);
        assertThat(messages.get(1).path("role").asText()).isEqualTo("assistant");
        assertThat(messages.get(1).path("tool_calls")).isEqualTo(toolCalls);
        assertThat(messages.get(2))
                .isEqualTo(JSON.readTree("{\"role\":\"tool\",\"content\":\"sunny\",\"tool_call_id\":\"call_0\"}"));
        assertThat(messages.get(3))
                .isEqualTo(JSON.readTree("{\"role\":\"user\",\"content\":\"and?\",\"name\":\"alice\"}"));
    }

    @Test
    void everyChoiceItsToolCallsAndTheRawJsonAreReadable() {
        // when
        ChatResponse response;
        try (TeacherClient client = client()) {
            response = client.chat("Hi");
        }

        // then
        List<ChatChoice> choices = response.choices();
        assertThat(choices).extracting(ChatChoice::index).containsExactly(0, 1);
        assertThat(choices).extracting(ChatChoice::finishReason).containsExactly("stop", "tool_calls");
        assertThat(choices.get(0).content()).isEqualTo(response.content()).contains("\"Hi\"");
        assertThat(choices.get(0).toolCalls()).isEmpty();
        assertThat(choices.get(1).content()).isEmpty();
        assertThat(choices.get(1).toolCalls()).hasSize(1);
        assertThat(choices.get(1)
                        .toolCalls()
                        .get(0)
                        .path("function")
                        .path("arguments")
                        .asText())
                .isEqualTo("{\"city\":\"Paris\"}");
        assertThat(response.raw().path("system_fingerprint").asText()).isEqualTo("fp_echo");
        assertThat(response.raw().path("id").asText()).isEqualTo("echo-1");
        assertThat(response.usage().totalTokens()).isEqualTo(12);
        // the response keeps its own copy: changing what raw() returned changes nothing
        ((ObjectNode) response.raw()).put("id", "changed");
        assertThat(response.raw().path("id").asText()).isEqualTo("echo-1");
    }
}
