package dev.progressivebackoff.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.progressivebackoff.core.Seconds;
import dev.progressivebackoff.core.signals.ErrorBody;
import dev.progressivebackoff.core.signals.RateLimitSignals;
import dev.progressivebackoff.core.signals.ResponseHeaders;
import java.time.Duration;
import java.time.Instant;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** The body parser of {@code backoff explain}: whatever a user pastes, it never throws nor yields a bad wait. */
class ErrorBodiesPropertiesTest {

    private static void assertSane(ErrorBody body) {
        assertThat(body).isNotNull();
        RateLimitSignals signals = RateLimitSignals.parse(429, ResponseHeaders.builder().build(), body,
                Instant.parse("2025-06-01T12:00:00Z"));
        assertThat(signals.hints()).allSatisfy(hint -> assertThat(hint.delay())
                .isGreaterThanOrEqualTo(Duration.ZERO).isLessThanOrEqualTo(Seconds.SATURATED));
    }

    @Property(tries = 1000)
    void arbitraryTextNeverThrows(@ForAll String text) {
        assertSane(ErrorBodies.parse(text));
    }

    @Property(tries = 2000)
    void jsonIshFragmentsNeverThrow(@ForAll("jsonIsh") String text) {
        assertSane(ErrorBodies.parse(text));
    }

    @Property(tries = 40)
    void deepNestingNeverThrows(@ForAll @IntRange(min = 1, max = 20_000) int depth, @ForAll boolean closed) {
        String json = "{\"error\":".repeat(depth) + "\"x\"" + (closed ? "}".repeat(depth) : "");

        assertSane(ErrorBodies.parse(json));
    }

    @Provide
    Arbitrary<String> jsonIsh() {
        return Arbitraries.of("{", "}", "[", "]", ":", ",", "\"", "\"error\"", "\"message\"", "\"type\"", "\"code\"",
                "null", "true", "1e999", "\\ud800", "\"please try again after 18446744073709551616 seconds\"",
                "\"Please try again in 644ms\"", " ", "<html>", "\u0000").list().ofMaxSize(60)
                .map(list -> String.join("", list));
    }
}
