package dev.progressivebackoff.backoff;

import static org.assertj.core.api.Assertions.assertThat;

import dev.progressivebackoff.core.Tier;
import dev.progressivebackoff.core.decision.DecisionContext;
import dev.progressivebackoff.core.decision.DecisionSettings;
import dev.progressivebackoff.core.decision.GiveUpKind;
import dev.progressivebackoff.core.decision.TransportRetryRules;
import dev.progressivebackoff.core.decision.WaitDecider;
import dev.progressivebackoff.core.decision.WaitDecision;
import dev.progressivebackoff.core.signals.ErrorBodies;
import dev.progressivebackoff.core.signals.RateLimitSignals;
import dev.progressivebackoff.core.signals.ResponseHeaders;
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
 * Whatever a server sends (any status, any mix of rate-limit headers with any values, any body), the decision
 * is a wait within [floor, cap] or a typed give-up, and never an exception.
 */
class WaitDeciderPropertyTest {

    private static final Instant NOW = Instant.parse("2025-01-01T00:00:00Z");
    private static final Duration CAP = DecisionSettings.DEFAULT_MAX_SERVER_WAIT;
    private static final DecisionSettings SETTINGS =
            new DecisionSettings(TierAwareExponentialBackoff.documented(), CAP, TransportRetryRules.DEFAULTS);
    private static final List<String> NAMES = List.of(
            "Retry-After",
            "retry-after-ms",
            "x-retry-after",
            "x-should-retry",
            "Date",
            "x-ratelimit-limit-requests",
            "x-ratelimit-remaining-requests",
            "x-ratelimit-reset-requests",
            "x-ratelimit-remaining-tokens",
            "x-ratelimit-reset-tokens",
            "x-ratelimit-limit-tokens-minute",
            "x-ratelimit-remaining-tokens-minute",
            "x-ratelimit-reset-tokens-minute",
            "x-ratelimit-remaining-requests-day",
            "x-ratelimit-reset-requests-day",
            "X_RateLimit_Reset_Requests",
            "RateLimit",
            "RateLimit-Policy",
            "RateLimit-Reset",
            "RateLimit-Remaining",
            "X-RateLimit-Limit",
            "X-RateLimit-Remaining",
            "X-RateLimit-Reset",
            "anthropic-ratelimit-requests-remaining",
            "anthropic-ratelimit-requests-reset",
            "anthropic-ratelimit-requests-limit");

    @Property(tries = 3000)
    void anyResponseGivesAWaitWithinFloorAndCapOrATypedGiveUp(
            @ForAll("statuses") int status,
            @ForAll("headers") ResponseHeaders headers,
            @ForAll("bodies") String body,
            @ForAll @IntRange(min = 1, max = 12) int retry,
            @ForAll @IntRange(min = 1, max = Integer.MAX_VALUE) int rpm) {
        RateLimitSignals signals = RateLimitSignals.parse(status, headers, ErrorBodies.parse(body), NOW);
        Tier tier = HeaderTierDetector.forRpmCapped(rpm);

        WaitDecision decision = WaitDecider.decide(
                signals, new DecisionContext(retry, tier, Duration.ZERO, Duration.ZERO, NOW), SETTINGS);

        if (decision instanceof WaitDecision.Retry wait) {
            assertThat(wait.delay()).isBetween(WaitDecider.FLOOR, CAP);
        } else {
            WaitDecision.GiveUp giveUp = (WaitDecision.GiveUp) decision;
            assertThat(giveUp.reason()).isNotBlank();
            assertThat(giveUp.until().isPresent()).isEqualTo(giveUp.kind() == GiveUpKind.UNAVAILABLE_UNTIL);
        }
    }

    @Provide
    Arbitrary<Integer> statuses() {
        return Arbitraries.oneOf(
                Arbitraries.of(200, 400, 402, 403, 408, 409, 429, 429, 429, 500, 502, 503, 504, 529),
                Arbitraries.integers().between(100, 599));
    }

    @Provide
    Arbitrary<ResponseHeaders> headers() {
        Arbitrary<String> values = Arbitraries.oneOf(
                Arbitraries.of(
                        "0",
                        "1",
                        "-1",
                        "1.5",
                        "6m0s",
                        "12ms",
                        "1735689630",
                        "1735689630000",
                        "99999999999999999999",
                        "1e400",
                        "NaN",
                        "",
                        "Wed, 01 Jan 2025 00:00:30 GMT",
                        "2025-01-01T00:00:12Z",
                        "r=0;t=30",
                        "\"default\";r=0;t=5",
                        "q=100;w=60",
                        "true",
                        "false"),
                Arbitraries.strings().ofMaxLength(30),
                Arbitraries.longs().map(String::valueOf));
        Arbitrary<String[]> line =
                Combinators.combine(Arbitraries.of(NAMES), values).as((name, value) -> new String[] {name, value});
        return line.list().ofMaxSize(8).map(lines -> {
            ResponseHeaders.Builder builder = ResponseHeaders.builder();
            lines.forEach(pair -> builder.add(pair[0], pair[1]));
            return builder.build();
        });
    }

    @Provide
    Arbitrary<String> bodies() {
        Arbitrary<String> delays = Arbitraries.of("37s", "0s", "1.5s", "100000s", "-3s", "x", "99999999999999999999s");
        Arbitrary<String> quotas = Arbitraries.of(
                "GenerateRequestsPerMinutePerProjectPerModel", "GenerateRequestsPerDayPerProjectPerModel-FreeTier", "");
        Arbitrary<String> google = Combinators.combine(delays, quotas)
                .as((delay, quota) -> "{\"error\":{\"code\":429,\"message\":\"You exceeded your current quota\","
                        + "\"status\":\"RESOURCE_EXHAUSTED\",\"details\":[{\"@type\":\"type.googleapis.com/"
                        + "google.rpc.QuotaFailure\",\"violations\":[{\"quotaId\":\"" + quota + "\"}]},{\"@type\":"
                        + "\"type.googleapis.com/google.rpc.RetryInfo\",\"retryDelay\":\"" + delay + "\"}]}}");
        Arbitrary<String> messages = Arbitraries.of(
                "please try again after 1 seconds",
                "try again in 644ms",
                "retry after 99999999 hours",
                "limited to 1000 API calls / month",
                "insufficient_quota",
                "tokens per day",
                "Overloaded");
        return Arbitraries.oneOf(
                google,
                messages.map(m -> "{\"error\":{\"message\":\"" + m + "\",\"type\":\"rate_limit_error\"}}"),
                Arbitraries.strings().ofMaxLength(60),
                Arbitraries.just(""));
    }
}
