package dev.progressivebackoff.core.signals;

import static org.assertj.core.api.Assertions.assertThat;

import dev.progressivebackoff.core.Seconds;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Whatever bytes an error response carries — random text, JSON-ish fragments, deep nesting, huge strings,
 * bytes in the wrong charset — {@link ErrorBodies#parse} never throws, keeps only bounded parts, and what it
 * yields never makes the rate-limit parser produce a negative, NaN or overflowed wait. Text as
 * {@code backoff explain} passes it gets the same guarantees.
 */
class ErrorBodiesPropertiesTest {

    private static final List<Charset> CHARSETS = List.of(
            StandardCharsets.UTF_8, StandardCharsets.ISO_8859_1, StandardCharsets.UTF_16, StandardCharsets.US_ASCII);

    private static void assertSane(ErrorBody body) {
        assertThat(body).isNotNull();
        if (body.type() != null) {
            assertThat(body.type().length()).isLessThanOrEqualTo(ErrorBodies.MAX_NAME_CHARS);
        }
        if (body.code() != null) {
            assertThat(body.code().length()).isLessThanOrEqualTo(ErrorBodies.MAX_NAME_CHARS);
        }
        if (body.message() != null) {
            assertThat(body.message().length()).isLessThanOrEqualTo(ErrorBodies.MAX_MESSAGE_CHARS);
        }
        RateLimitSignals signals = RateLimitSignals.parse(
                429, ResponseHeaders.builder().build(), body, Instant.parse("2025-06-01T12:00:00Z"));
        assertThat(signals.hints())
                .allSatisfy(hint -> assertThat(hint.delay())
                        .isGreaterThanOrEqualTo(Duration.ZERO)
                        .isLessThanOrEqualTo(Seconds.SATURATED));
        assertThat(signals.classification().reason()).isNotBlank();
    }

    @Property(tries = 1000)
    void arbitraryTextNeverThrows(@ForAll String text) {
        assertSane(ErrorBodies.parse(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8));
    }

    @Property(tries = 1000)
    void arbitraryTextAsTheCommandLinePassesItNeverThrows(@ForAll("jsonIsh") String text) {
        assertSane(ErrorBodies.parse(text));
    }

    @Property(tries = 1000)
    void arbitraryBytesInAnyCharsetNeverThrow(@ForAll byte[] bytes, @ForAll @IntRange(max = 3) int charset) {
        assertSane(ErrorBodies.parse(bytes, CHARSETS.get(charset)));
    }

    @Property(tries = 2000)
    void jsonIshFragmentsNeverThrow(@ForAll("jsonIsh") String text) {
        assertSane(ErrorBodies.parse(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8));
    }

    @Property(tries = 1000)
    void errorObjectsOfEveryShapeNeverThrow(@ForAll("errorShapes") String json) {
        assertSane(ErrorBodies.parse(json.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8));
    }

    @Property(tries = 60)
    void deepNestingNeverThrows(
            @ForAll @IntRange(min = 1, max = 20_000) int depth,
            @ForAll("openers") String opener,
            @ForAll boolean closed) {
        StringBuilder json = new StringBuilder();
        json.append(opener.repeat(depth)).append("\"please try again after 5 seconds\"");
        if (closed) {
            json.append((opener.startsWith("[") ? "]" : "}").repeat(depth));
        }

        assertSane(ErrorBodies.parse(json.toString().getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8));
    }

    @Property(tries = 20)
    void hugeStringsAreCutAndNeverThrow(
            @ForAll @IntRange(min = 100_000, max = 8_000_000) int length, @ForAll("hugeShapes") String shape) {
        String unit = "try again after 99999999999999999999 seconds ";
        String filler = unit.repeat(length / unit.length() + 1).substring(0, length);
        String body = shape.replace("$", filler);

        ErrorBody parsed = ErrorBodies.parse(body.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);

        assertSane(parsed);
        assertThat(parsed.message()).isNotNull();
    }

    @Property(tries = 20)
    void hostileMarkupIsReducedInLinearTime(
            @ForAll @IntRange(min = 1_000, max = 200_000) int repeats, @ForAll("markupUnits") String unit) {
        String body = "<html>" + unit.repeat(repeats);
        long start = System.nanoTime();

        ErrorBody parsed = ErrorBodies.parse(body.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);

        assertSane(parsed);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    }

    /** {@code text} as a JSON string literal. */
    private static String quoted(String text) {
        StringBuilder json = new StringBuilder("\"");
        text.chars()
                .forEach(c -> json.append(
                        c == '"' || c == '\\'
                                ? "\\" + (char) c
                                : c < 0x20 ? String.format("\\u%04x", c) : String.valueOf((char) c)));
        return json.append('"').toString();
    }

    @Provide
    Arbitrary<String> jsonIsh() {
        Arbitrary<String> tokens = Arbitraries.of(
                "{",
                "}",
                "[",
                "]",
                ":",
                ",",
                "\"",
                "\"error\"",
                "\"message\"",
                "\"type\"",
                "\"code\"",
                "\"detail\"",
                "null",
                "true",
                "false",
                "-0",
                "1e999",
                "NaN",
                "\\u0000",
                "\\ud800",
                "\"please try again after 18446744073709551616 seconds\"",
                "\"try again in 1e308ms\"",
                "\"Please try again in 644ms\"",
                "\"rate_limit_exceeded\"",
                "\"insufficient_quota\"",
                " ",
                "\n",
                "<html>",
                "&amp;",
                "\u0000",
                "\uFEFF",
                "\"\uD83D\uDE00\"",
                "9".repeat(400));
        return tokens.list().ofMaxSize(60).map(list -> String.join("", list));
    }

    @Provide
    Arbitrary<String> errorShapes() {
        Arbitrary<String> value = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(50).map(ErrorBodiesPropertiesTest::quoted),
                Arbitraries.longs().map(Object::toString),
                Arbitraries.doubles().map(Object::toString),
                Arbitraries.of(
                        "null",
                        "true",
                        "[]",
                        "{}",
                        "[1,\"a\"]",
                        "{\"x\":{\"y\":[]}}",
                        "\"please try again after 3 seconds\"",
                        "\"Please try again in 644ms\"",
                        "\"try again after -5 seconds\"",
                        "\"try again after 1e400 seconds\""));
        Arbitrary<String> fields = Combinators.combine(
                        Arbitraries.of("message", "type", "code", "detail", "error", "param"), value)
                .as((name, v) -> "\"" + name + "\":" + v)
                .list()
                .ofMaxSize(5)
                .map(list -> "{" + String.join(",", list) + "}");
        return Arbitraries.oneOf(
                fields,
                fields.map(inner -> "{\"error\":" + inner + "}"),
                fields.map(inner -> "{\"type\":\"error\",\"error\":" + inner + "}"),
                value.map(v -> "{\"error\":" + v + "}"));
    }

    @Provide
    Arbitrary<String> openers() {
        return Arbitraries.of("[", "{\"error\":", "{\"error\":{\"message\":", "{\"a\":[");
    }

    @Provide
    Arbitrary<String> hugeShapes() {
        return Arbitraries.of(
                "{\"error\":{\"message\":\"$\",\"type\":\"$\",\"code\":\"$\"}}",
                "{\"error\":\"$\"}",
                "{\"message\":\"$\"}",
                "$",
                "<html><body>$</body></html>",
                "{\"error\":{\"message\":\"$");
    }

    @Provide
    Arbitrary<String> markupUnits() {
        return Arbitraries.of("<script", "<style", "<script>", "</script", "<", "<a", "&amp;", "<<<>", "<b>x</b>");
    }
}
