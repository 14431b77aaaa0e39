package dev.progressivebackoff.client;

import dev.progressivebackoff.transport.httpclient5.TransportSettings;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Objects;

/**
 * Everything a {@link TeacherClient} is configured with except the API key, with the documented defaults
 * ({@link #defaults()}); loadable from JSON with {@link ClientSettingsJson}, so production code, the CLI and the
 * tests build their clients from the same values. Holds no credentials.
 *
 * @param endpoint  the API base URL, e.g. {@code https://api.moonshot.ai/v1} (no trailing slash)
 * @param model     the model used when a request names none
 * @param transport the HTTP transport's settings (its own retries, timeouts, pool, body cap)
 * @param rateLimit the rate-limit settings (tier, 429 backoff, pacing)
 */
public record ClientSettings(String endpoint, String model, TransportSettings transport, RateLimitSettings rateLimit) {

    /** Moonshot's OpenAI-compatible API. */
    public static final String DEFAULT_ENDPOINT = "https://api.moonshot.ai/v1";
    /** The model used when none is configured. */
    public static final String DEFAULT_MODEL = "moonshot-v1-8k";

    public ClientSettings {
        endpoint = normalizedEndpoint(endpoint);
        Objects.requireNonNull(model, "model");
        if (model.isBlank()) {
            throw new IllegalArgumentException("model must not be blank");
        }
        model = model.trim();
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(rateLimit, "rateLimit");
    }

    /** The documented defaults: Moonshot, its 8k model, the transport's and rate-limit defaults. */
    public static ClientSettings defaults() {
        return new Builder().build();
    }

    /** A builder starting from the {@link #defaults()}. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these settings. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** The endpoint as a URI. */
    public URI endpointUri() {
        return URI.create(endpoint);
    }

    /**
     * True if the endpoint is plain {@code http://} to a host that is not loopback ({@code localhost},
     * {@code 127.0.0.0/8}, {@code ::1}): the API key and the prompts would travel in clear.
     */
    public boolean isInsecureEndpoint() {
        return TransportSettings.isInsecure(endpointUri());
    }

    private static String normalizedEndpoint(String endpoint) {
        Objects.requireNonNull(endpoint, "endpoint");
        String trimmed = endpoint.trim();
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        try {
            URI uri = new URI(trimmed);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
                throw new IllegalArgumentException("endpoint must be an absolute http(s) URL: " + endpoint);
            }
            if (uri.getUserInfo() != null || uri.getQuery() != null || uri.getFragment() != null) {
                throw new IllegalArgumentException(
                        "endpoint must not have user info, a query or a fragment: " + uri.getHost());
            }
            if (uri.getPort() == 0 || uri.getPort() > 65535) {
                throw new IllegalArgumentException(
                        "endpoint port must be in 1..65535: " + uri.getPort() + " (in " + uri.getHost() + ")");
            }
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("endpoint is not a valid URL: " + e.getMessage(), e);
        }
        return trimmed;
    }

    /**
     * Builds {@link ClientSettings}; not thread-safe. Values are checked when {@link #build()} runs (the
     * record's constructor names the offending field).
     */
    public static final class Builder {
        private String endpoint = DEFAULT_ENDPOINT;
        private String model = DEFAULT_MODEL;
        private TransportSettings transport = TransportSettings.defaults();
        private RateLimitSettings rateLimit = RateLimitSettings.defaults();

        private Builder() {}

        private Builder(ClientSettings from) {
            endpoint = from.endpoint;
            model = from.model;
            transport = from.transport;
            rateLimit = from.rateLimit;
        }

        /** The API base URL, e.g. {@code https://api.moonshot.ai/v1}. */
        public Builder withEndpoint(String value) {
            this.endpoint = value;
            return this;
        }

        /** The model used when a request names none. */
        public Builder withModel(String value) {
            this.model = value;
            return this;
        }

        /** The transport's settings. */
        public Builder withTransport(TransportSettings value) {
            this.transport = value;
            return this;
        }

        /** The rate-limit settings. */
        public Builder withRateLimit(RateLimitSettings value) {
            this.rateLimit = value;
            return this;
        }

        /** The settings; throws {@link IllegalArgumentException} naming the first invalid field. */
        public ClientSettings build() {
            return new ClientSettings(endpoint, model, transport, rateLimit);
        }
    }
}
