package dev.progressivebackoff.verification.endtoend;

import dev.progressivebackoff.client.ChatRequest;
import dev.progressivebackoff.client.ClientSettings;
import dev.progressivebackoff.client.RateLimitSettings;
import dev.progressivebackoff.client.TeacherClient;
import dev.progressivebackoff.core.ProgressiveBackoffException;
import dev.progressivebackoff.core.Tier;
import dev.progressivebackoff.core.TierCatalog;
import dev.progressivebackoff.verification.SimulatedClock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Replays one chat call end to end: the real {@link TeacherClient} and HttpClient5 transport, configured by
 * {@link ClientSettings} (only the endpoint is pointed at the local server), against an
 * {@link AlwaysRateLimitedServer}, on a fresh {@link SimulatedClock} so the free tier's 1,260 s of waiting
 * take milliseconds. Immutable; each {@link #run()} starts its own server and clock.
 */
public final class EndToEndReplay {

    private static final String REPLAY_API_KEY = "replay-key-not-a-secret";

    private final ClientSettings settings;
    private final TierCatalog catalog;
    private final String body;
    private final Map<String, String> headers;

    private EndToEndReplay(Builder builder) {
        this.settings = builder.settings;
        this.catalog = builder.catalog;
        this.body = builder.body;
        this.headers = Map.copyOf(builder.headers);
    }

    /** A replay of the default settings with tier {@code free} and the Moonshot catalog. */
    public static Builder builder() {
        return new Builder();
    }

    /** Runs the call and reports what happened. */
    public EndToEndReport run() {
        SimulatedClock clock = new SimulatedClock();
        List<String> lines = new ArrayList<>();
        try (AlwaysRateLimitedServer server = AlwaysRateLimitedServer.start(body, headers)) {
            String tier;
            Optional<String> failure = Optional.empty();
            try (TeacherClient client = TeacherClient.builder()
                    .withSettings(settings.toBuilder()
                            .withEndpoint(server.baseUrl() + "/v1")
                            .build())
                    .withApiKey(REPLAY_API_KEY)
                    .withTierCatalog(catalog)
                    .withTimeSource(clock)
                    .withSleeper(clock)
                    .onLogLine(lines::add)
                    .build()) {
                try {
                    client.chat(ChatRequest.ofUserMessage("replay"));
                } catch (ProgressiveBackoffException expected) {
                    failure = Optional.of(String.valueOf(expected.getMessage()));
                }
                tier = client.tier().name();
            }
            return new EndToEndReport(
                    tier, clock.sleeps(), server.requestCount(), server.requests(), lines, failure, clock.elapsed());
        }
    }

    /** Configures a replay; not thread-safe. */
    public static final class Builder {
        private ClientSettings settings = ClientSettings.builder()
                .withRateLimit(RateLimitSettings.builder().withTier("free").build())
                .build();
        private TierCatalog catalog = TierCatalog.moonshot();
        private String body = AlwaysRateLimitedServer.DEFAULT_BODY;
        private final Map<String, String> headers = new LinkedHashMap<>();

        private Builder() {}

        /** The settings under test (the endpoint is replaced by the local server's). */
        public Builder withSettings(ClientSettings newSettings) {
            this.settings = Objects.requireNonNull(newSettings, "settings");
            return this;
        }

        /** Shortcut for the settings' tier: {@code tier}, found by its name in the tier catalog. */
        public Builder withTier(Tier tier) {
            String name = Objects.requireNonNull(tier, "tier").name();
            this.settings = settings.toBuilder()
                    .withRateLimit(
                            settings.rateLimit().toBuilder().withTier(name).build())
                    .build();
            return this;
        }

        /** The tier catalog. */
        public Builder withTierCatalog(TierCatalog newCatalog) {
            this.catalog = Objects.requireNonNull(newCatalog, "catalog");
            return this;
        }

        /** The body of every 429. */
        public Builder withResponseBody(String newBody) {
            this.body = Objects.requireNonNull(newBody, "body");
            return this;
        }

        /** A header every 429 carries. */
        public Builder withResponseHeader(String name, String value) {
            headers.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** The replay. */
        public EndToEndReplay build() {
            return new EndToEndReplay(this);
        }
    }
}
