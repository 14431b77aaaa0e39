package dev.progressivebackoff.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.progressivebackoff.client.internal.DurationText;
import dev.progressivebackoff.client.internal.JsonValues;
import dev.progressivebackoff.client.internal.SettingsDocument;
import dev.progressivebackoff.core.policy.Jitter;
import dev.progressivebackoff.transport.httpclient5.TransportSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;

/**
 * Reads and writes {@link ClientSettings} as one flat JSON object (the {@code --config} file). Every field is
 * optional and defaults to {@link ClientSettings#defaults()}. Durations are written as seconds ({@code "900s"})
 * and read from {@code "900s"}, {@code "500ms"}, {@code "15m"}, {@code "PT15M"} or a number of seconds;
 * {@code jitter} is {@code none}, {@code full}, {@code equal} or {@code decorrelated}; {@code concurrency} is the
 * transport's pool size. An unknown field, a renamed one (e.g. {@code "maxRetries" is now
 * "maxTransportRetries"}) or a bad value fails with a {@link SettingsException} naming the file and the field.
 * Fields that another reader of the same file handles (the CLI's own) are skipped when the caller names them.
 */
public final class ClientSettingsJson {

    private static final Map<String, BiConsumer<Draft, JsonNode>> FIELDS = fields();
    /** Fields of earlier versions, by their new names. */
    private static final Map<String, String> RENAMED = Map.of(
            "maxRetries",
            "maxTransportRetries",
            "retryBackoffFactor",
            "transportBaseDelay",
            "maxRetryWait",
            "maxTransportWait");
    /** Fields of earlier versions that only the backoff CLI reads now. */
    private static final Set<String> CLI_FIELDS = Set.of("skipHealthCheck", "redis", "redisFailure");
    /** Fields whose {@code null} means "the tier's own". */
    private static final Set<String> NULLABLE = Set.of("rpm", "tpm", "tpd");

    private ClientSettingsJson() {}

    /** Reads a settings file in which every field must be a client setting. */
    public static ClientSettings read(Path file) {
        return read(file, Set.of());
    }

    /**
     * Reads a settings file, skipping {@code otherFields}, which another reader of the same file handles (the
     * CLI reads its own options from it).
     */
    public static ClientSettings read(Path file, Set<String> otherFields) {
        String source = String.valueOf(file.getFileName());
        String json;
        try {
            json = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SettingsException(source, null, "cannot read settings: " + e, e);
        }
        return parse(json, source, otherFields);
    }

    /**
     * Parses settings from JSON text in which every field must be a client setting.
     *
     * @param json   the document
     * @param source a name for messages, e.g. the file name
     */
    public static ClientSettings parse(String json, String source) {
        return parse(json, source, Set.of());
    }

    /**
     * Parses settings from JSON text, skipping {@code otherFields}.
     *
     * @param json        the document
     * @param source      a name for messages, e.g. the file name
     * @param otherFields fields another reader of the same document handles
     */
    public static ClientSettings parse(String json, String source, Set<String> otherFields) {
        JsonNode root = SettingsDocument.parse(json, source);
        Map<String, Integer> lines = SettingsDocument.fieldLines(json);
        Draft draft = new Draft();
        Iterator<Map.Entry<String, JsonNode>> entries = root.properties().iterator();
        while (entries.hasNext()) {
            Map.Entry<String, JsonNode> entry = entries.next();
            if (!otherFields.contains(entry.getKey())) {
                apply(draft, entry.getKey(), entry.getValue(), source, lines.getOrDefault(entry.getKey(), 0));
            }
        }
        return draft.build();
    }

    private static void apply(Draft draft, String field, JsonNode value, String source, int line) {
        BiConsumer<Draft, JsonNode> reader = FIELDS.get(field);
        if (reader == null) {
            throw new SettingsException(
                    source,
                    line,
                    RENAMED.containsKey(field) || CLI_FIELDS.contains(field) ? null : field,
                    unknown(field),
                    null);
        }
        try {
            if (value.isNull() && !NULLABLE.contains(field)) {
                throw new IllegalArgumentException("must not be null");
            }
            reader.accept(draft, value);
            draft.build();
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new SettingsException(source, line, field, String.valueOf(e.getMessage()), e);
        }
    }

    private static String unknown(String field) {
        if (RENAMED.containsKey(field)) {
            return "\"" + field + "\" is now \"" + RENAMED.get(field) + "\"";
        }
        if (CLI_FIELDS.contains(field)) {
            return "\"" + field + "\" is an option of the backoff CLI, not a client setting";
        }
        return "unknown field; known fields: " + String.join(", ", FIELDS.keySet());
    }

    /** Writes {@code settings} to {@code file}, creating or replacing it. */
    public static void write(ClientSettings settings, Path file) {
        try {
            Files.writeString(file, toJson(settings) + System.lineSeparator(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SettingsException(String.valueOf(file.getFileName()), null, "cannot write settings: " + e, e);
        }
    }

    /** The settings as a pretty-printed JSON object, {@code rpm} only when set. */
    public static String toJson(ClientSettings settings) {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        root.put("endpoint", settings.endpoint());
        root.put("model", settings.model());
        RateLimitSettings limits = settings.rateLimit();
        TransportSettings transport = settings.transport();
        root.put("tier", limits.tier());
        limits.rpm().ifPresent(rpm -> root.put("rpm", rpm));
        limits.tpm().ifPresent(tpm -> root.put("tpm", tpm));
        limits.tpd().ifPresent(tpd -> root.put("tpd", tpd));
        if (!limits.tokenWindow().equals(RateLimitSettings.DEFAULT_TOKEN_WINDOW)) {
            root.put("tokenWindow", DurationText.format(limits.tokenWindow()));
        }
        root.put("maxTransportRetries", transport.maxTransportRetries());
        root.put("transportBaseDelay", DurationText.format(transport.transportBaseDelay()));
        ArrayNode codes = root.putArray("retryStatusCodes");
        transport.retryStatusCodes().forEach(codes::add);
        root.put("maxTransportWait", DurationText.format(transport.maxTransportWait()));
        root.put("maxRateLimitRetries", limits.maxRateLimitRetries());
        root.put("backoffFactor", limits.backoffFactor());
        root.put("maxServerWait", DurationText.format(limits.maxServerWait()));
        root.put("jitter", limits.jitter().name().toLowerCase(Locale.ROOT));
        root.put("concurrency", transport.poolSize());
        root.put("connectTimeout", DurationText.format(transport.connectTimeout()));
        root.put("responseTimeout", DurationText.format(transport.responseTimeout()));
        root.put("requestDeadline", DurationText.format(transport.requestDeadline()));
        root.put("maxResponseBytes", transport.maxResponseBytes());
        root.put("policy", limits.policy());
        root.put("tierDetector", limits.tierDetector());
        root.put("skipTierDetection", limits.skipTierDetection());
        root.put("pace", limits.pace());
        root.put("allowInsecureHttp", transport.allowInsecureHttp());
        try {
            return mapper.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise settings", e);
        }
    }

    /** The pool size, named as the file names it (the CLI also runs that many samples at once). */
    private static int concurrency(JsonNode node) {
        int value = JsonValues.integer(node);
        if (value < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1: " + value);
        }
        return value;
    }

    private static Jitter jitter(JsonNode node) {
        String name = JsonValues.text(node).trim().toUpperCase(Locale.ROOT);
        return Arrays.stream(Jitter.values())
                .filter(j -> j.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown jitter '" + node.textValue() + "'; known: "
                        + Arrays.stream(Jitter.values())
                                .map(j -> j.name().toLowerCase(Locale.ROOT))
                                .collect(Collectors.joining(", "))));
    }

    private static OptionalLong optionalLong(JsonNode node) {
        return node.isNull() ? OptionalLong.empty() : OptionalLong.of(JsonValues.longInteger(node));
    }

    private static Map<String, BiConsumer<Draft, JsonNode>> fields() {
        Map<String, BiConsumer<Draft, JsonNode>> f = new LinkedHashMap<>();
        f.put("endpoint", (d, n) -> d.client.withEndpoint(JsonValues.text(n)));
        f.put("model", (d, n) -> d.client.withModel(JsonValues.text(n)));
        f.put("tier", (d, n) -> d.limits.withTier(JsonValues.text(n)));
        f.put(
                "rpm",
                (d, n) -> d.limits.withRpm(n.isNull() ? OptionalInt.empty() : OptionalInt.of(JsonValues.integer(n))));
        f.put("tpm", (d, n) -> d.limits.withTpm(optionalLong(n)));
        f.put("tpd", (d, n) -> d.limits.withTpd(optionalLong(n)));
        f.put("tokenWindow", (d, n) -> d.limits.withTokenWindow(JsonValues.duration(n)));
        f.put("maxTransportRetries", (d, n) -> d.transport.withMaxTransportRetries(JsonValues.integer(n)));
        f.put("transportBaseDelay", (d, n) -> d.transport.withTransportBaseDelay(JsonValues.duration(n)));
        f.put("retryStatusCodes", (d, n) -> d.transport.withRetryStatusCodes(JsonValues.integers(n)));
        f.put("maxTransportWait", (d, n) -> d.transport.withMaxTransportWait(JsonValues.duration(n)));
        f.put("maxRateLimitRetries", (d, n) -> d.limits.withMaxRateLimitRetries(JsonValues.integer(n)));
        f.put("backoffFactor", (d, n) -> d.limits.withBackoffFactor(JsonValues.number(n)));
        f.put("maxServerWait", (d, n) -> d.limits.withMaxServerWait(JsonValues.duration(n)));
        f.put("jitter", (d, n) -> d.limits.withJitter(jitter(n)));
        f.put("concurrency", (d, n) -> d.transport.withPoolSize(concurrency(n)));
        f.put("connectTimeout", (d, n) -> d.transport.withConnectTimeout(JsonValues.duration(n)));
        f.put("responseTimeout", (d, n) -> d.transport.withResponseTimeout(JsonValues.duration(n)));
        f.put("requestDeadline", (d, n) -> d.transport.withRequestDeadline(JsonValues.duration(n)));
        f.put("maxResponseBytes", (d, n) -> d.transport.withMaxResponseBytes(JsonValues.longInteger(n)));
        f.put("policy", (d, n) -> d.limits.withPolicy(JsonValues.text(n)));
        f.put("tierDetector", (d, n) -> d.limits.withTierDetector(JsonValues.text(n)));
        f.put("skipTierDetection", (d, n) -> d.limits.withSkipTierDetection(JsonValues.bool(n)));
        f.put("pace", (d, n) -> d.limits.withPace(JsonValues.bool(n)));
        f.put("allowInsecureHttp", (d, n) -> d.transport.withAllowInsecureHttp(JsonValues.bool(n)));
        return Collections.unmodifiableMap(f);
    }

    /** The settings as read so far, one builder per part. */
    private static final class Draft {
        private final ClientSettings.Builder client = ClientSettings.builder();
        private final TransportSettings.Builder transport = TransportSettings.builder();
        private final RateLimitSettings.Builder limits = RateLimitSettings.builder();

        ClientSettings build() {
            return client.withTransport(transport.build())
                    .withRateLimit(limits.build())
                    .build();
        }
    }

    /** Every field name a client settings file may use, in the order {@link #toJson} writes them. */
    public static List<String> fieldNames() {
        return List.copyOf(FIELDS.keySet());
    }
}
