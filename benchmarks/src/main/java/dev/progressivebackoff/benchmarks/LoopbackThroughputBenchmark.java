package dev.progressivebackoff.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.progressivebackoff.client.ChatRequest;
import dev.progressivebackoff.client.ChatResponse;
import dev.progressivebackoff.client.ClientSettings;
import dev.progressivebackoff.client.RateLimitSettings;
import dev.progressivebackoff.client.TeacherClient;
import dev.progressivebackoff.client.Usage;
import dev.progressivebackoff.core.Tier;
import dev.progressivebackoff.core.TierCatalog;
import dev.progressivebackoff.pacing.Pacer;
import dev.progressivebackoff.pacing.PacerRegistry;
import dev.progressivebackoff.simulator.SimulatedProvider;
import dev.progressivebackoff.transport.httpclient5.ApiKey;
import dev.progressivebackoff.transport.httpclient5.HttpClient5Transport;
import dev.progressivebackoff.transport.httpclient5.TransportRequest;
import dev.progressivebackoff.transport.httpclient5.TransportResponse;
import dev.progressivebackoff.transport.httpclient5.TransportSettings;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Requests per second over loopback against one simulated provider whose quota never limits (100 million
 * RPM, no concurrency cap, no latency): through {@link TeacherClient} (paced at that tier with a burst of
 * the pool size, or unpaced; signal parsing, the rate-limit loop, JSON in and out) and through raw HttpClient5
 * with a pool of the same size, used as a real client would: the same JSON body written per call with Jackson,
 * the response read and parsed with Jackson into the same answer (content, finish reason, usage, model). Their
 * ratio is what the toolkit costs in throughput. {@code transportOnly} sends pre-built bytes and returns the
 * unparsed response: it measures the transport's own cost, not a client's. The fork sets {@code sun.net.httpserver.nodelay}: without it the JDK's
 * HTTP server (the simulated provider) sends each response's body after its headers only once the client
 * acknowledges them, about 40 ms later (Nagle's algorithm meeting delayed ACKs), and every client measures
 * about 90 requests/s.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Dsun.net.httpserver.nodelay=true")
@Threads(4)
public class LoopbackThroughputBenchmark {

    private static final String KEY = "sk-benchmark";
    private static final Tier UNLIMITED = Tier.of("unlimited", 100_000_000);
    private static final int POOL = 16;
    private static final byte[] BODY = ("{\"model\":\"moonshot-v1-8k\",\"messages\":[{\"role\":\"user\","
                    + "\"content\":\"Benchmark\"}],\"max_tokens\":16}")
            .getBytes(StandardCharsets.UTF_8);

    private SimulatedProvider provider;
    private TeacherClient client;
    private TeacherClient unpaced;
    private CloseableHttpClient raw;
    private HttpClient5Transport transport;
    private URI chat;
    private ChatRequest request;
    private final ObjectMapper mapper = new ObjectMapper();

    /** Starts the provider and both clients. */
    @Setup(Level.Trial)
    public void start() {
        provider = SimulatedProvider.builder()
                .withTier(UNLIMITED)
                .withWindow(Duration.ofSeconds(1))
                .withMaxConcurrency(10_000)
                .withThreads(POOL + 8)
                .build();
        URI base = provider.start();
        chat = URI.create(base + "/chat/completions");
        request = ChatRequest.builder()
                .withModel("moonshot-v1-8k")
                .withUserMessage("Benchmark")
                .withMaxTokens(16)
                .build();
        List<Tier> tiers = new ArrayList<>(TierCatalog.moonshot().tiers());
        tiers.add(UNLIMITED);
        ClientSettings settings = ClientSettings.builder()
                .withEndpoint(base.toString())
                .withRateLimit(
                        RateLimitSettings.builder().withTier(UNLIMITED.name()).build())
                .withTransport(TransportSettings.builder().withPoolSize(POOL).build())
                .build();
        PacerRegistry burstOfPool = PacerRegistry.create(
                tier -> Pacer.builder().withTier(tier).withBurst(POOL).build());
        client = TeacherClient.builder()
                .withSettings(settings)
                .withTierCatalog(TierCatalog.of(tiers))
                .withPacerRegistry(burstOfPool)
                .withApiKey(KEY)
                .build();
        unpaced = TeacherClient.builder()
                .withSettings(settings)
                .withPace(false)
                .withTierCatalog(TierCatalog.of(tiers))
                .withApiKey(KEY)
                .build();
        transport = HttpClient5Transport.builder()
                .withSettings(settings.transport())
                .build();
        raw = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setMaxConnTotal(POOL)
                        .setMaxConnPerRoute(POOL)
                        .build())
                .build();
    }

    /** Stops them. */
    @TearDown(Level.Trial)
    public void stop() throws IOException {
        client.close();
        unpaced.close();
        transport.close();
        raw.close();
        provider.close();
    }

    /** One chat completion through the toolkit, paced (a burst of the pool size, so threads never queue). */
    @Benchmark
    public ChatResponse teacherClient() {
        return client.chat(request);
    }

    /** One chat completion through the toolkit without pacing ({@code --no-pace}). */
    @Benchmark
    public ChatResponse teacherClientUnpaced() {
        return unpaced.chat(request);
    }

    /** The same request through the toolkit's transport alone (HttpClient5 with its settings and retries). */
    @Benchmark
    public TransportResponse transportOnly() throws InterruptedException {
        return transport.execute(TransportRequest.postJson(chat, BODY).withBearerToken(ApiKey.of(KEY)));
    }

    /**
     * The same request through HttpClient5 alone, as a raw client does it: the JSON body (the same bytes as
     * {@link #BODY}) written with Jackson, the response parsed with Jackson into the same answer.
     */
    @Benchmark
    public ChatResponse rawHttpClient5() throws IOException {
        ObjectNode root = mapper.createObjectNode();
        root.put("model", "moonshot-v1-8k");
        root.putArray("messages").addObject().put("role", "user").put("content", "Benchmark");
        root.put("max_tokens", 16);
        HttpPost post = new HttpPost(chat);
        post.setHeader("Authorization", "Bearer " + KEY);
        post.setHeader("Accept", "application/json");
        post.setEntity(new ByteArrayEntity(mapper.writeValueAsBytes(root), ContentType.APPLICATION_JSON));
        JsonNode json = raw.execute(post, response -> {
            if (response.getCode() != 200) {
                throw new IOException("HTTP " + response.getCode());
            }
            return mapper.readTree(EntityUtils.toByteArray(response.getEntity()));
        });
        JsonNode choice = json.path("choices").path(0);
        JsonNode usage = json.path("usage");
        return new ChatResponse(
                choice.path("message").path("content").asText(""),
                choice.path("finish_reason").textValue(),
                new Usage(
                        usage.path("prompt_tokens").asLong(0),
                        usage.path("completion_tokens").asLong(0),
                        usage.path("total_tokens").asLong(0)),
                json.path("model").textValue(),
                1,
                0,
                Duration.ZERO);
    }
}
