package dev.progressivebackoff.client;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.progressivebackoff.client.internal.DurationText;
import dev.progressivebackoff.client.internal.JsonValues;
import dev.progressivebackoff.core.policy.Jitter;
import dev.progressivebackoff.transport.httpclient5.BackoffSettings;
import dev.progressivebackoff.transport.httpclient5.BackoffSettingsBuilder;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
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
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;

/**
 * Reads and writes {@link BackoffSettings} as JSON. Fields are named as the record's components; every
 * field is optional and defaults to {@link BackoffSettings#defaults()}. Durations are written as seconds
 * ({@code "900s"}) and read from {@code "900s"}, {@code "500ms"}, {@code "15m"}, {@code "PT15M"} or a
 * number of seconds; {@code jitter} is {@code none}, {@code full}, {@code equal} or {@code decorrelated}.
 * An unknown field or a bad value fails with a {@link SettingsException} naming the file and the field.
 */
public final class BackoffSettingsJson {

    private static final Map<String, BiConsumer<BackoffSettingsBuilder, JsonNode>> FIELDS = fields();

    private BackoffSettingsJson() {
    }

    /** Reads a settings file. */
    public static BackoffSettings read(Path file) {
        String source = String.valueOf(file.getFileName());
        String json;
        try {
            json = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SettingsException(source, null, "cannot read settings: " + e, e);
        }
        return parse(json, source);
    }

    /**
     * Parses settings from JSON text.
     *
     * @param json   the document
     * @param source a name for messages, e.g. the file name
     */
    public static BackoffSettings parse(String json, String source) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(json);
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 0 : Math.max(0, e.getLocation().getLineNr());
            int column = e.getLocation() == null ? 0 : e.getLocation().getColumnNr();
            throw new SettingsException(source, line, null, "not valid JSON" + (column > 0 ? " at column " + column
                    : "") + ": " + firstLine(e.getOriginalMessage()), e);
        }
        if (root == null || !root.isObject()) {
            throw new SettingsException(source, null, "expected a JSON object of settings", null);
        }
        Map<String, Integer> lines = fieldLines(json);
        BackoffSettingsBuilder builder = BackoffSettings.builder();
        Iterator<Map.Entry<String, JsonNode>> entries = root.fields();
        while (entries.hasNext()) {
            Map.Entry<String, JsonNode> entry = entries.next();
            apply(builder, entry.getKey(), entry.getValue(), source, lines.getOrDefault(entry.getKey(), 0));
        }
        return builder.build();
    }

    /** The line each top-level field starts on (the last one for a repeated name). */
    private static Map<String, Integer> fieldLines(String json) {
        Map<String, Integer> lines = new LinkedHashMap<>();
        try (JsonParser parser = new JsonFactory().createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return lines;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                lines.put(parser.currentName(), parser.currentTokenLocation().getLineNr());
                parser.nextToken();
                parser.skipChildren();
            }
        } catch (IOException alreadyParsed) {
            // The document was read once already; lines are only a help for messages.
        }
        return lines;
    }

    private static String firstLine(String message) {
        int newline = message == null ? -1 : message.indexOf('\n');
        return newline < 0 ? String.valueOf(message) : message.substring(0, newline);
    }

    private static void apply(BackoffSettingsBuilder builder, String field, JsonNode value, String source,
                              int line) {
        BiConsumer<BackoffSettingsBuilder, JsonNode> reader = FIELDS.get(field);
        if (reader == null) {
            throw new SettingsException(source, line, field, "unknown field; known fields: "
                    + String.join(", ", FIELDS.keySet()), null);
        }
        try {
            if (value.isNull() && !field.equals("rpm")) {
                throw new IllegalArgumentException("must not be null");
            }
            reader.accept(builder, value);
            builder.build();
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new SettingsException(source, line, field, String.valueOf(e.getMessage()), e);
        }
    }

    /** Writes {@code settings} to {@code file}, creating or replacing it. */
    public static void write(BackoffSettings settings, Path file) {
        try {
            Files.writeString(file, toJson(settings) + System.lineSeparator(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SettingsException(String.valueOf(file.getFileName()), null, "cannot write settings: " + e, e);
        }
    }

    /**
     * The settings as a pretty-printed JSON object, fields in record order, {@code rpm} and {@code redis} only
     * when set.
     */
    public static String toJson(BackoffSettings settings) {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        root.put("endpoint", settings.endpoint());
        root.put("model", settings.model());
        root.put("tier", settings.tier());
        settings.rpm().ifPresent(rpm -> root.put("rpm", rpm));
        root.put("maxRetries", settings.maxRetries());
        root.put("retryBackoffFactor", settings.retryBackoffFactor());
        ArrayNode codes = root.putArray("retryStatusCodes");
        settings.retryStatusCodes().forEach(codes::add);
        root.put("maxRetryWait", DurationText.format(settings.maxRetryWait()));
        root.put("maxRateLimitRetries", settings.maxRateLimitRetries());
        root.put("backoffFactor", settings.backoffFactor());
        root.put("maxServerWait", DurationText.format(settings.maxServerWait()));
        root.put("jitter", settings.jitter().name().toLowerCase(Locale.ROOT));
        root.put("concurrency", settings.concurrency());
        root.put("connectTimeout", DurationText.format(settings.connectTimeout()));
        root.put("responseTimeout", DurationText.format(settings.responseTimeout()));
        root.put("maxResponseBytes", settings.maxResponseBytes());
        root.put("policy", settings.policy());
        root.put("tierDetector", settings.tierDetector());
        root.put("skipTierDetection", settings.skipTierDetection());
        root.put("skipHealthCheck", settings.skipHealthCheck());
        root.put("pace", settings.pace());
        root.put("allowInsecureHttp", settings.allowInsecureHttp());
        settings.redis().ifPresent(redis -> root.put("redis", redis.toString()));
        root.put("redisFailure", settings.redisFailure());
        try {
            return mapper.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise settings", e);
        }
    }

    private static URI redisUri(JsonNode node) {
        try {
            return new URI(JsonValues.text(node).trim());
        } catch (URISyntaxException bad) {
            throw new IllegalArgumentException("redis is not a valid URI: " + bad.getReason());
        }
    }

    private static Jitter jitter(JsonNode node) {
        String name = JsonValues.text(node).trim().toUpperCase(Locale.ROOT);
        return Arrays.stream(Jitter.values()).filter(j -> j.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown jitter '" + node.textValue() + "'; known: "
                        + Arrays.stream(Jitter.values()).map(j -> j.name().toLowerCase(Locale.ROOT))
                        .collect(Collectors.joining(", "))));
    }

    private static Map<String, BiConsumer<BackoffSettingsBuilder, JsonNode>> fields() {
        Map<String, BiConsumer<BackoffSettingsBuilder, JsonNode>> f = new LinkedHashMap<>();
        f.put("endpoint", (b, n) -> b.withEndpoint(JsonValues.text(n)));
        f.put("model", (b, n) -> b.withModel(JsonValues.text(n)));
        f.put("tier", (b, n) -> b.withTier(JsonValues.text(n)));
        f.put("rpm", (b, n) -> b.withRpm(n.isNull() ? OptionalInt.empty() : OptionalInt.of(JsonValues.integer(n))));
        f.put("maxRetries", (b, n) -> b.withMaxRetries(JsonValues.integer(n)));
        f.put("retryBackoffFactor", (b, n) -> b.withRetryBackoffFactor(JsonValues.number(n)));
        f.put("retryStatusCodes", (b, n) -> b.withRetryStatusCodes(JsonValues.integers(n)));
        f.put("maxRetryWait", (b, n) -> b.withMaxRetryWait(JsonValues.duration(n)));
        f.put("maxRateLimitRetries", (b, n) -> b.withMaxRateLimitRetries(JsonValues.integer(n)));
        f.put("backoffFactor", (b, n) -> b.withBackoffFactor(JsonValues.number(n)));
        f.put("maxServerWait", (b, n) -> b.withMaxServerWait(JsonValues.duration(n)));
        f.put("jitter", (b, n) -> b.withJitter(jitter(n)));
        f.put("concurrency", (b, n) -> b.withConcurrency(JsonValues.integer(n)));
        f.put("connectTimeout", (b, n) -> b.withConnectTimeout(JsonValues.duration(n)));
        f.put("responseTimeout", (b, n) -> b.withResponseTimeout(JsonValues.duration(n)));
        f.put("maxResponseBytes", (b, n) -> b.withMaxResponseBytes(JsonValues.longInteger(n)));
        f.put("policy", (b, n) -> b.withPolicy(JsonValues.text(n)));
        f.put("tierDetector", (b, n) -> b.withTierDetector(JsonValues.text(n)));
        f.put("skipTierDetection", (b, n) -> b.withSkipTierDetection(JsonValues.bool(n)));
        f.put("skipHealthCheck", (b, n) -> b.withSkipHealthCheck(JsonValues.bool(n)));
        f.put("pace", (b, n) -> b.withPace(JsonValues.bool(n)));
        f.put("allowInsecureHttp", (b, n) -> b.withAllowInsecureHttp(JsonValues.bool(n)));
        f.put("redis", (b, n) -> b.withRedis(n.isNull() ? Optional.empty() : Optional.of(redisUri(n))));
        f.put("redisFailure", (b, n) -> b.withRedisFailure(JsonValues.text(n)));
        return Collections.unmodifiableMap(f);
    }

    /** Every field name a settings file may use, in record order. */
    public static List<String> fieldNames() {
        return List.copyOf(FIELDS.keySet());
    }
}
