package dev.progressivebackoff.core.signals;

import static org.assertj.core.api.Assertions.assertThat;

import dev.progressivebackoff.core.Seconds;
import java.math.BigInteger;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.util.List;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** Whatever a server sends, parsing never throws and every wait is within [0, {@link Seconds#SATURATED}]. */
class RateLimitSignalsPropertiesTest {

    private static final List<String> HEADER_NAMES = List.of(
            "Date",
            "retry-after-ms",
            "Retry-After",
            "x-retry-after",
            "x-should-retry",
            "RateLimit",
            "RateLimit-Policy",
            "RateLimit-Limit",
            "RateLimit-Remaining",
            "RateLimit-Reset",
            "x-ratelimit-limit-requests",
            "x-ratelimit-remaining-requests",
            "x-ratelimit-reset-requests",
            "x-ratelimit-limit-tokens",
            "x-ratelimit-remaining-tokens",
            "x-ratelimit-reset-tokens",
            "anthropic-ratelimit-requests-limit",
            "anthropic-ratelimit-requests-remaining",
            "anthropic-ratelimit-requests-reset",
            "anthropic-ratelimit-tokens-limit",
            "anthropic-ratelimit-tokens-remaining",
            "anthropic-ratelimit-tokens-reset",
            "anthropic-ratelimit-input-tokens-remaining",
            "anthropic-ratelimit-input-tokens-reset",
            "anthropic-ratelimit-output-tokens-remaining",
            "anthropic-ratelimit-output-tokens-reset",
            "X-RateLimit-Limit",
            "X-RateLimit-Remaining",
            "X-RateLimit-Reset");

    private static void assertSane(RateLimitSignals signals) {
        assertThat(signals.hints()).allSatisfy(hint -> {
            assertThat(hint.delay()).isGreaterThanOrEqualTo(Duration.ZERO);
            assertThat(hint.delay()).isLessThanOrEqualTo(Seconds.SATURATED);
        });
        signals.resetRequests()
                .ifPresent(reset ->
                        assertThat(reset).isGreaterThanOrEqualTo(Duration.ZERO).isLessThanOrEqualTo(Seconds.SATURATED));
        signals.resetTokens()
                .ifPresent(reset ->
                        assertThat(reset).isGreaterThanOrEqualTo(Duration.ZERO).isLessThanOrEqualTo(Seconds.SATURATED));
        signals.requestQuota()
                .ifPresent(quota -> assertThat(quota.requestsPerMinute()).isPositive());
        signals.tokenQuota()
                .ifPresent(quota -> assertThat(quota.requestsPerMinute()).isPositive());
        signals.remainingRequests().ifPresent(remaining -> assertThat(remaining).isNotNegative());
        signals.remainingTokens().ifPresent(remaining -> assertThat(remaining).isNotNegative());
        assertThat(signals.classification().reason()).isNotBlank();
    }

    @Property(tries = 2000)
    void arbitraryHeaderValuesNeverThrowNorYieldAnInvalidWait(
            @ForAll("headerSets") ResponseHeaders headers,
            @ForAll("instants") Instant now,
            @ForAll @IntRange(min = 100, max = 599) int status) {
        assertSane(RateLimitSignals.parse(status, headers, ErrorBody.EMPTY, now));
    }

    @Property(tries = 1000)
    void arbitraryErrorBodiesNeverThrowNorYieldAnInvalidWait(
            @ForAll("bodies") ErrorBody body, @ForAll @IntRange(min = 100, max = 599) int status) {
        assertSane(RateLimitSignals.parse(status, ResponseHeaders.EMPTY, body, Instant.EPOCH));
    }

    @Property(tries = 500)
    void everyStatusParsesWithEveryKindOfInput(
            @ForAll @IntRange(min = 100, max = 599) int status,
            @ForAll("headerSets") ResponseHeaders headers,
            @ForAll("bodies") ErrorBody body) {
        RateLimitSignals signals = RateLimitSignals.parse(status, headers, body, Instant.parse("2025-01-01T00:00:00Z"));

        assertSane(signals);
        assertThat(signals.status()).isEqualTo(status);
        if (status >= 200 && status <= 299) {
            assertThat(signals.classification().kind()).isEqualTo(ResponseKind.SUCCESS);
        }
        if (signals.classification().kind() == ResponseKind.RATE_LIMITED) {
            assertThat(status).isEqualTo(429);
        }
    }

    @Property(tries = 1000)
    void aValidImfFixdateRoundTripsAndIsMeasuredExactly(
            @ForAll("instants") Instant date, @ForAll("instants") Instant now) {
        Instant whole = Instant.ofEpochSecond(date.getEpochSecond());
        ResponseHeaders headers = ResponseHeaders.of("Retry-After", imfFixdate(whole));

        RateLimitSignals signals = RateLimitSignals.parse(429, headers, ErrorBody.EMPTY, now);

        assertThat(signals.preferredHint()).hasValueSatisfying(hint -> {
            assertThat(hint.source()).isEqualTo(WaitSource.RETRY_AFTER);
            java.time.Duration expected = whole.isAfter(now) ? Duration.between(now, whole) : Duration.ZERO;
            assertThat(hint.delay())
                    .isEqualTo(expected.compareTo(Seconds.SATURATED) > 0 ? Seconds.SATURATED : expected);
        });
    }

    @Property(tries = 500)
    void aWrongWeekdayIsAlwaysMalformed(
            @ForAll("instants") Instant date, @ForAll @IntRange(min = 1, max = 6) int shift) {
        ZonedDateTime utc = date.atZone(ZoneOffset.UTC);
        String wrongDay = utc.getDayOfWeek().plus(shift).getDisplayName(TextStyle.SHORT, Locale.ENGLISH);
        String value = wrongDay + imfFixdate(date).substring(3);

        RateLimitSignals signals =
                RateLimitSignals.parse(429, ResponseHeaders.of("Retry-After", value), ErrorBody.EMPTY, Instant.EPOCH);

        assertThat(signals.hints()).isEmpty();
    }

    private static String imfFixdate(Instant instant) {
        ZonedDateTime utc = instant.atZone(ZoneOffset.UTC);
        DayOfWeek day = utc.getDayOfWeek();
        return String.format(
                Locale.ROOT,
                "%s, %02d %s %04d %02d:%02d:%02d GMT",
                day.getDisplayName(TextStyle.SHORT, Locale.ENGLISH),
                utc.getDayOfMonth(),
                utc.getMonth().getDisplayName(TextStyle.SHORT, Locale.ENGLISH),
                utc.getYear(),
                utc.getHour(),
                utc.getMinute(),
                utc.getSecond());
    }

    @Provide
    Arbitrary<Instant> instants() {
        return Arbitraries.longs().between(-62_135_596_800L, 253_402_300_799L).map(Instant::ofEpochSecond);
    }

    @Provide
    Arbitrary<ResponseHeaders> headerSets() {
        Arbitrary<String[]> line = Combinators.combine(Arbitraries.of(HEADER_NAMES), headerValues())
                .as((name, value) -> new String[] {name, value});
        return line.list().ofMaxSize(12).map(lines -> {
            ResponseHeaders.Builder builder = ResponseHeaders.builder();
            lines.forEach(pair -> builder.add(pair[0], pair[1]));
            return builder.build();
        });
    }

    private Arbitrary<String> headerValues() {
        Arbitrary<String> numbers = Arbitraries.oneOf(
                Arbitraries.longs().map(String::valueOf),
                Arbitraries.bigIntegers()
                        .between(BigInteger.TEN.pow(40).negate(), BigInteger.TEN.pow(40))
                        .map(String::valueOf),
                Arbitraries.doubles().map(String::valueOf),
                Arbitraries.strings().numeric().ofMaxLength(40),
                Arbitraries.strings()
                        .numeric()
                        .ofMinLength(1)
                        .ofMaxLength(20)
                        .flatMap(whole ->
                                Arbitraries.strings().numeric().ofMaxLength(20).map(f -> whole + "." + f)));
        Arbitrary<String> dates = Combinators.combine(
                        instants(), Arbitraries.integers().between(0, 3))
                .as((instant, format) -> switch (format) {
                    case 0 -> imfFixdate(instant);
                    case 1 -> instant.toString();
                    case 2 -> imfFixdate(instant).replace(", ", " ");
                    default -> instant.atOffset(ZoneOffset.ofHours(5)).toString();
                });
        Arbitrary<String> goDurations =
                Arbitraries.strings().withChars("0123456789.-+hmsunµ").ofMaxLength(20);
        Arbitrary<String> lists = Arbitraries.strings()
                .withChars("\"abcdqrtw;=,() ?*:-0123456789.")
                .ofMaxLength(40);
        Arbitrary<String> anything = Arbitraries.strings().ofMaxLength(60);
        Arbitrary<String> fixed = Arbitraries.of(
                "true",
                "false",
                "0",
                "",
                " ",
                "\t",
                "\"default\";r=0;t=50",
                "\"default\";q=100;w=10",
                "6m0s",
                "1h2m3.5s",
                "-1s",
                "Sunday, 06-Nov-94 08:49:37 GMT",
                "Sun Nov  6 08:49:37 1994",
                "99999999999999999999999999",
                "1e400",
                "NaN",
                "-Infinity");
        return Arbitraries.oneOf(numbers, dates, goDurations, lists, anything, fixed);
    }

    @Provide
    Arbitrary<ErrorBody> bodies() {
        Arbitrary<String> message = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(200),
                Combinators.combine(
                                Arbitraries.of(
                                        "try again in ", "please try again after ", "Retry in ", "TRY AGAIN IN "),
                                Arbitraries.strings()
                                        .withChars("0123456789.-+ hmsunµ()secondminutehour")
                                        .ofMaxLength(30),
                                Arbitraries.strings().ofMaxLength(20))
                        .as((prefix, amount, rest) -> prefix + amount + rest),
                Arbitraries.of("You exceeded your current quota", "tokens per day (TPD)", "Request too large"));
        Arbitrary<String> code = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(30),
                Arbitraries.of(
                        "insufficient_quota", "rate_limit_exceeded", "engine_overloaded_error", "billing_error"));
        return Combinators.combine(code.injectNull(0.3), code.injectNull(0.3), message.injectNull(0.2))
                .as(ErrorBody::new);
    }
}
