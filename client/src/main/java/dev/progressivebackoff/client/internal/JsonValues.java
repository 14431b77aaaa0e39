package dev.progressivebackoff.client.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Typed reads of JSON values for settings files. Each throws {@link IllegalArgumentException} saying what
 * was expected and what was found; the caller adds the field name and the file.
 */
public final class JsonValues {

    private JsonValues() {}

    /** A whole number that fits an {@code int}. */
    public static int integer(JsonNode node) {
        if (node.isIntegralNumber() && node.canConvertToInt()) {
            return node.intValue();
        }
        if (node.isNumber() && node.asDouble() == Math.rint(node.asDouble()) && node.canConvertToInt()) {
            return node.intValue();
        }
        throw expected("a whole number", node);
    }

    /** A whole number that fits a {@code long}. */
    public static long longInteger(JsonNode node) {
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            return node.longValue();
        }
        throw expected("a whole number", node);
    }

    /** A finite number. */
    public static double number(JsonNode node) {
        if (node.isNumber() && Double.isFinite(node.doubleValue())) {
            return node.doubleValue();
        }
        throw expected("a number", node);
    }

    /** A string. */
    public static String text(JsonNode node) {
        if (node.isTextual()) {
            return node.textValue();
        }
        throw expected("a string", node);
    }

    /** {@code true} or {@code false}. */
    public static boolean bool(JsonNode node) {
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        throw expected("true or false", node);
    }

    /** A duration: a string such as {@code "900s"} or {@code "PT15M"}, or a number of seconds. */
    public static Duration duration(JsonNode node) {
        if (node.isNumber()) {
            return DurationText.ofSeconds(node.doubleValue());
        }
        if (node.isTextual()) {
            return DurationText.parse(node.textValue());
        }
        throw expected("a duration such as \"900s\"", node);
    }

    /** An array of whole numbers. */
    public static List<Integer> integers(JsonNode node) {
        if (!node.isArray()) {
            throw expected("an array of whole numbers", node);
        }
        List<Integer> values = new ArrayList<>();
        for (JsonNode element : node) {
            values.add(integer(element));
        }
        return values;
    }

    /** An array of strings. */
    public static List<String> texts(JsonNode node) {
        if (!node.isArray()) {
            throw expected("an array of strings", node);
        }
        List<String> values = new ArrayList<>();
        for (JsonNode element : node) {
            values.add(text(element));
        }
        return values;
    }

    private static IllegalArgumentException expected(String what, JsonNode found) {
        String shown = found.toString();
        if (shown.length() > 60) {
            shown = shown.substring(0, 57) + "...";
        }
        return new IllegalArgumentException("expected " + what + ", got " + shown);
    }
}
