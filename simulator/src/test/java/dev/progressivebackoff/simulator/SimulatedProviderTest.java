package dev.progressivebackoff.simulator;

import static java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.progressivebackoff.core.TierCatalog;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SimulatedProviderTest {

    private static final String CHAT = "{\"model\":\"moonshot-v1-8k\",\"messages\":[{\"role\":\"user\","
            + "\"content\":\"Explain exponential backoff in two sentences.\"}]}";

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
    void startingAndStoppingChangesNoSystemProperty() {
        // given
        Properties before = new Properties();
        before.putAll(System.getProperties());

        // when
        start(SimulatedProvider.builder().withTimeSource(clock));
        provider.close();

        // then
        assertThat(System.getProperties()).isEqualTo(before);
    }

    @Test
    void answersChatCompletionsDeterministicallyWithUsageAndTheRequestedModel() throws Exception {
        // given
        URI base = start(SimulatedProvider.builder().withRpm(1000).withTimeSource(clock));

        // when
        HttpResponse<String> first = post(base, "sk-a", CHAT);
        HttpResponse<String> second = post(base, "sk-a", CHAT);

        // then
        assertThat(first.statusCode()).isEqualTo(200);
        JsonNode body = json.readTree(first.body());
        assertThat(body.path("object").asText()).isEqualTo("chat.completion");
        assertThat(body.path("model").asText()).isEqualTo("moonshot-v1-8k");
        assertThat(body.at("/choices/0/message/role").asText()).isEqualTo("assistant");
        assertThat(body.at("/choices/0/message/content").asText()).contains("Explain exponential backoff");
        assertThat(body.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
        assertThat(body.at("/usage/total_tokens").asInt())
                .isEqualTo(body.at("/usage/prompt_tokens").asInt()
                        + body.at("/usage/completion_tokens").asInt())
                .isPositive();
        assertThat(json.readTree(second.body()).at("/choices/0/message/content"))
                .isEqualTo(body.at("/choices/0/message/content"));
    }

    @Test
    void listsModelsAtTheModelsEndpoint() throws Exception {
        // given
        URI base = start(SimulatedProvider.builder().withRpm(1000));

        // when
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(base + "/models")).GET().build(),
                HttpResponse.BodyHandlers.ofString());

        // then
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json.readTree(response.body()).at("/data/0/id").asText()).isEqualTo("moonshot-v1-8k");
        assertThat(response.headers().firstValue("x-ratelimit-limit-requests")).hasValue("1000");
    }

    @Test
    void refusesAMissingOrWrongKeyWith401WhenAKeyIsConfigured() throws Exception {
        // given
        URI base = start(SimulatedProvider.builder().withRpm(1000).withApiKey("sk-right"));

        // when
        HttpResponse<String> wrong = post(base, "sk-wrong", CHAT);
        HttpResponse<String> none = http.send(
                HttpRequest.newBuilder(URI.create(base + "/chat/completions"))
                        .POST(HttpRequest.BodyPublishers.ofString(CHAT))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> right = post(base, "sk-right", CHAT);

        // then
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(json.readTree(wrong.body()).at("/error/type").asText()).isEqualTo("invalid_authentication_error");
        assertThat(wrong.body()).doesNotContain("sk-wrong").doesNotContain("sk-right");
        assertThat(right.statusCode()).isEqualTo(200);
        assertThat(provider.stats().unauthorized()).isEqualTo(2);
    }

    @Test
    void answersOverTheFreeTierRpmWithAMoonshot429UntilTheSlidingWindowMoves() throws Exception {
        // given the free tier (3 RPM) on the simulated clock
        URI base = start(SimulatedProvider.builder()
                .withTier(TierCatalog.moonshot().require("free"))
                .withTimeSource(clock));
        for (int i = 0; i < 3; i++) {
            assertThat(post(base, "sk-a", CHAT).statusCode()).isEqualTo(200);
            clock.advance(Duration.ofSeconds(10));
        }

        // when a fourth request arrives 30 s after the first
        HttpResponse<String> limited = post(base, "sk-a", CHAT);

        // then it is refused until the first leaves the 60 s window, 30 s later
        assertThat(limited.statusCode()).isEqualTo(429);
        JsonNode error = json.readTree(limited.body()).path("error");
        assertThat(error.path("type").asText()).isEqualTo("rate_limit_reached_error");
        assertThat(error.path("message").asText())
                .isEqualTo("Your account org-sim<ak-sim> request reached "
                        + "organization max RPM: 3, please try again after 30 seconds");
        assertThat(limited.headers().firstValue("x-ratelimit-limit-requests")).hasValue("3");
        assertThat(limited.headers().firstValue("x-ratelimit-remaining-requests"))
                .hasValue("0");
        assertThat(limited.headers().firstValue("x-ratelimit-reset-requests")).hasValue("30s");
        assertThat(limited.headers().firstValue("retry-after")).isEmpty();

        // and once the window has moved, the next request is admitted again
        clock.advance(Duration.ofSeconds(30));
        HttpResponse<String> admitted = post(base, "sk-a", CHAT);
        assertThat(admitted.statusCode()).isEqualTo(200);
        assertThat(admitted.headers().firstValue("x-ratelimit-remaining-requests"))
                .hasValue("0");
        assertThat(admitted.headers().firstValue("x-ratelimit-reset-requests")).hasValue("10s");
        assertThat(provider.stats()).isEqualTo(new ProviderStats(5, 1, 0, 0, 4));
    }

    @Test
    void keepsASeparateWindowForEachApiKey() throws Exception {
        // given
        URI base = start(SimulatedProvider.builder().withRpm(1).withTimeSource(clock));

        // when
        int firstOfA = post(base, "sk-a", CHAT).statusCode();
        int secondOfA = post(base, "sk-a", CHAT).statusCode();
        int firstOfB = post(base, "sk-b", CHAT).statusCode();

        // then
        assertThat(new int[] {firstOfA, secondOfA, firstOfB}).containsExactly(200, 429, 200);
        assertThat(provider.stats("sk-a").rateLimited()).isEqualTo(1);
        assertThat(provider.stats("sk-b").rateLimited()).isZero();
    }

    @Test
    void statesTheWaitInRetryAfterSecondsWhenAsked() throws Exception {
        URI base = start(SimulatedProvider.builder()
                .withRpm(2)
                .withRetryAfter(RetryAfterStyle.SECONDS)
                .withTimeSource(clock));
        post(base, "k", CHAT);
        post(base, "k", CHAT);
        clock.advance(Duration.ofMillis(20_500));

        HttpResponse<String> limited = post(base, "k", CHAT);

        assertThat(limited.headers().firstValue("retry-after")).hasValue("40");
        assertThat(limited.headers().firstValue("x-ratelimit-reset-requests")).hasValue("39.5s");
    }

    @Test
    void statesTheWaitAsAnImfFixdateMeasuredFromTheDateHeader() throws Exception {
        URI base = start(SimulatedProvider.builder()
                .withRpm(1)
                .withRetryAfter(RetryAfterStyle.DATE)
                .withTimeSource(clock));
        post(base, "k", CHAT);

        HttpResponse<String> limited = post(base, "k", CHAT);

        ZonedDateTime date =
                ZonedDateTime.parse(limited.headers().firstValue("date").orElseThrow(), RFC_1123_DATE_TIME);
        String retryAfter = limited.headers().firstValue("retry-after").orElseThrow();
        assertThat(retryAfter).matches("[A-Z][a-z]{2}, \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT");
        assertThat(Duration.between(date, ZonedDateTime.parse(retryAfter, RFC_1123_DATE_TIME))
                        .toSeconds())
                .isBetween(60L, 61L);
    }

    @Test
    void statesTheWaitInRetryAfterMsWhenAsked() throws Exception {
        URI base = start(SimulatedProvider.builder()
                .withRpm(600)
                .withWindow(Duration.ofSeconds(1))
                .withRetryAfter(RetryAfterStyle.MS)
                .withTimeSource(clock));
        for (int i = 0; i < 10; i++) {
            assertThat(post(base, "k", CHAT).statusCode()).isEqualTo(200);
        }
        clock.advance(Duration.ofMillis(700));

        HttpResponse<String> limited = post(base, "k", CHAT);

        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("retry-after-ms")).hasValue("300");
        assertThat(limited.headers().firstValue("x-ratelimit-reset-requests")).hasValue("300ms");
        assertThat(limited.headers().firstValue("x-ratelimit-limit-requests")).hasValue("600");
    }

    @Test
    void refusesRequestsBeyondTheConcurrencyLimitWhileOneIsInFlight() throws Exception {
        // given a free-tier provider (concurrency 1) whose latency blocks until released
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        URI base = start(SimulatedProvider.builder()
                .withRpm(100)
                .withMaxConcurrency(1)
                .withLatency(Duration.ofMillis(1))
                .withSleeper(d -> {
                    entered.countDown();
                    release.await(10, TimeUnit.SECONDS);
                }));
        CompletableFuture<HttpResponse<String>> slow =
                http.sendAsync(chatRequest(base, "k"), HttpResponse.BodyHandlers.ofString());
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();

        // when
        HttpResponse<String> second = post(base, "k", CHAT);
        release.countDown();

        // then
        assertThat(second.statusCode()).isEqualTo(429);
        assertThat(second.body()).contains("max concurrency: 1");
        assertThat(slow.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    }

    @Test
    void hasFreedTheConcurrencySlotOfARequestOnceItsResponseHasBeenRead() throws Exception {
        // given a provider with concurrency 1 and a rate that never binds
        URI base = start(SimulatedProvider.builder().withRpm(1_000_000).withMaxConcurrency(1));

        // when each request is sent the moment the previous response has been read
        int refused = 0;
        for (int i = 0; i < 300; i++) {
            if (post(base, "k", CHAT).statusCode() == 429) {
                refused++;
            }
        }

        // then the finished request never still counts as in flight
        assertThat(refused).isZero();
        assertThat(provider.stats().rateLimited()).isZero();
    }

    @Test
    void injectsServerErrorsAtTheConfiguredRate() throws Exception {
        URI base = start(
                SimulatedProvider.builder().withRpm(1000).withErrorRate(1.0).withSeed(7));

        HttpResponse<String> response = post(base, "k", CHAT);

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(json.readTree(response.body()).at("/error/type").asText()).isEqualTo("server_error");
        assertThat(provider.stats().serverErrors()).isEqualTo(1);
    }

    @Test
    void answersAMalformedRequestWith400() throws Exception {
        URI base = start(SimulatedProvider.builder().withRpm(1000));

        HttpResponse<String> notJson = post(base, "k", "{not json");
        HttpResponse<String> noMessages = post(base, "k", "{\"model\":\"m\"}");

        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(noMessages.statusCode()).isEqualTo(400);
        assertThat(noMessages.body()).contains("messages");
    }

    @Test
    void answersUnknownPathsWith404AndStillSendsTheRateLimitHeaders() throws Exception {
        URI base = start(SimulatedProvider.builder().withRpm(1000));

        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(base + "/embeddings")).GET().build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("x-ratelimit-remaining-requests"))
                .hasValue("1000");
    }

    private URI start(SimulatedProvider.Builder builder) {
        provider = builder.build();
        return provider.start();
    }

    private HttpRequest chatRequest(URI base, String key) {
        return HttpRequest.newBuilder(URI.create(base + "/chat/completions"))
                .header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(CHAT))
                .build();
    }

    private HttpResponse<String> post(URI base, String key, String body) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(URI.create(base + "/chat/completions"))
                        .header("Authorization", "Bearer " + key)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
