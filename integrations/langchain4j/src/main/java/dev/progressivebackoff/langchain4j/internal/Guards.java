package dev.progressivebackoff.langchain4j.internal;

import dev.langchain4j.http.client.HttpRequest;
import dev.progressivebackoff.client.RateLimitGuard;
import dev.progressivebackoff.client.TeacherClient;
import dev.progressivebackoff.client.TeacherClientBuilder;
import dev.progressivebackoff.transport.httpclient5.HttpClient5Transport;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The guard of each (endpoint, API key) a LangChain4j client sends to: a {@link TeacherClient} made on first use from
 * the builder's settings and sending over the given transport, so that its pacer is the one of that key in the
 * settings' registry. Thread-safe.
 */
public final class Guards {

    /** The key of a request that carries none: its endpoint is then paced as one key. */
    private static final String NO_KEY = "no-api-key";

    private final HttpClient5Transport transport;
    private final List<Consumer<TeacherClientBuilder>> settings;
    private final TeacherClient shared;
    /** Keyed by endpoint and key; the key stays in memory, as in the requests themselves. */
    private final Map<List<String>, TeacherClient> clients = new ConcurrentHashMap<>();

    public Guards(HttpClient5Transport transport, List<Consumer<TeacherClientBuilder>> settings, TeacherClient shared) {
        this.transport = transport;
        this.settings = List.copyOf(settings);
        this.shared = shared;
    }

    /** The guard for {@code request}'s endpoint and key. */
    public RateLimitGuard guardFor(HttpRequest request) {
        if (shared != null) {
            return shared.guard();
        }
        String endpoint = Requests.endpoint(request.url());
        String key = Requests.apiKey(request).orElse(NO_KEY);
        return clients.computeIfAbsent(List.of(endpoint, key), k -> client(endpoint, key))
                .guard();
    }

    private TeacherClient client(String endpoint, String key) {
        TeacherClientBuilder builder =
                TeacherClient.builder().withEndpoint(endpoint).withApiKey(key).withTransport(transport);
        settings.forEach(setting -> setting.accept(builder));
        return builder.build();
    }
}
