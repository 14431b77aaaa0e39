package dev.progressivebackoff.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.progressivebackoff.client.internal.DurationText;
import dev.progressivebackoff.client.internal.JsonValues;
import dev.progressivebackoff.core.Tier;
import dev.progressivebackoff.core.TierCatalog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Function;

/**
 * A tier catalog for another provider, as JSON:
 * <pre>{@code
 * {"tiers": [
 *   {"name": "free", "rpm": 3, "concurrency": 1, "aliases": ["tier0"]},
 *   {"name": "pro", "rpm": 600, "baseDelay": "0.1s"}
 * ]}
 * }</pre>
 * {@code name} and {@code rpm} are required; {@code concurrency}, {@code baseDelay} (default 60 s / RPM) and
 * {@code aliases} are optional. Errors name the file and the field, e.g. {@code tiers[1].rpm}.
 */
public final class TierCatalogJson {

    private static final Set<String> TIER_FIELDS =
            Set.of("name", "rpm", "concurrency", "baseDelay", "aliases", "tpm", "tpd");

    private TierCatalogJson() {}

    /** Reads a catalog file. */
    public static TierCatalog read(Path file) {
        String source = String.valueOf(file.getFileName());
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8), source);
        } catch (IOException e) {
            throw new SettingsException(source, null, "cannot read tier catalog: " + e, e);
        }
    }

    /** Parses a catalog; {@code source} names it in messages. */
    public static TierCatalog parse(String json, String source) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(json);
        } catch (JsonProcessingException e) {
            throw new SettingsException(source, null, "not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject() || !root.path("tiers").isArray() || root.size() != 1) {
            throw new SettingsException(source, null, "expected {\"tiers\": [ ... ]}", null);
        }
        List<Tier> tiers = new ArrayList<>();
        int index = 0;
        for (JsonNode node : root.get("tiers")) {
            tiers.add(tier(node, "tiers[" + index + "]", source));
            index++;
        }
        try {
            return TierCatalog.of(tiers);
        } catch (IllegalArgumentException e) {
            throw new SettingsException(source, "tiers", e.getMessage(), e);
        }
    }

    private static Tier tier(JsonNode node, String path, String source) {
        if (!node.isObject()) {
            throw new SettingsException(source, path, "expected an object with name and rpm", null);
        }
        Iterator<Map.Entry<String, JsonNode>> fields = node.properties().iterator();
        while (fields.hasNext()) {
            String name = fields.next().getKey();
            if (!TIER_FIELDS.contains(name)) {
                throw new SettingsException(
                        source,
                        path + "." + name,
                        "unknown field; known fields: name, rpm, concurrency, baseDelay, aliases, tpm, tpd",
                        null);
            }
        }
        String name = required(node, path, "name", source, JsonValues::text);
        int rpm = required(node, path, "rpm", source, JsonValues::integer);
        OptionalInt concurrency = node.hasNonNull("concurrency")
                ? OptionalInt.of(field(node, path, "concurrency", source, JsonValues::integer))
                : OptionalInt.empty();
        List<String> aliases =
                node.hasNonNull("aliases") ? field(node, path, "aliases", source, JsonValues::texts) : List.of();
        try {
            Duration baseDelay = node.hasNonNull("baseDelay")
                    ? field(node, path, "baseDelay", source, JsonValues::duration)
                    : Tier.baseDelayFor(rpm);
            return new Tier(
                    name,
                    rpm,
                    concurrency,
                    baseDelay,
                    aliases,
                    tokens(node, path, "tpm", source),
                    tokens(node, path, "tpd", source));
        } catch (IllegalArgumentException e) {
            throw new SettingsException(source, path, e.getMessage(), e);
        }
    }

    private static OptionalLong tokens(JsonNode node, String path, String field, String source) {
        return node.hasNonNull(field)
                ? OptionalLong.of(field(node, path, field, source, JsonValues::longInteger))
                : OptionalLong.empty();
    }

    private static <T> T required(JsonNode node, String path, String field, String source, Function<JsonNode, T> read) {
        if (!node.hasNonNull(field)) {
            throw new SettingsException(source, path + "." + field, "required", null);
        }
        return field(node, path, field, source, read);
    }

    private static <T> T field(JsonNode node, String path, String field, String source, Function<JsonNode, T> read) {
        try {
            return read.apply(node.get(field));
        } catch (IllegalArgumentException e) {
            throw new SettingsException(source, path + "." + field, e.getMessage(), e);
        }
    }

    /** Writes {@code catalog} to {@code file}. */
    public static void write(TierCatalog catalog, Path file) {
        try {
            Files.writeString(file, toJson(catalog) + System.lineSeparator(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SettingsException(String.valueOf(file.getFileName()), null, "cannot write tier catalog: " + e, e);
        }
    }

    /** The catalog as pretty-printed JSON; {@code baseDelay} only when it is not 60 s / RPM. */
    public static String toJson(TierCatalog catalog) {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        ArrayNode tiers = root.putArray("tiers");
        for (Tier tier : catalog.tiers()) {
            ObjectNode node = tiers.addObject();
            node.put("name", tier.name());
            node.put("rpm", tier.requestsPerMinute());
            tier.maxConcurrency().ifPresent(c -> node.put("concurrency", c));
            tier.tokensPerMinute().ifPresent(t -> node.put("tpm", t));
            tier.tokensPerDay().ifPresent(t -> node.put("tpd", t));
            if (!tier.baseDelay().equals(Tier.baseDelayFor(tier.requestsPerMinute()))) {
                node.put("baseDelay", DurationText.format(tier.baseDelay()));
            }
            if (!tier.aliases().isEmpty()) {
                ArrayNode aliases = node.putArray("aliases");
                tier.aliases().forEach(aliases::add);
            }
        }
        try {
            return mapper.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise tier catalog", e);
        }
    }
}
