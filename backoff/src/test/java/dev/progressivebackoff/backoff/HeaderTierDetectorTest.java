package dev.progressivebackoff.backoff;

import static dev.progressivebackoff.testsupport.Signals.okWithQuota;
import static dev.progressivebackoff.testsupport.Signals.okWithRpm;
import static org.assertj.core.api.Assertions.assertThat;

import dev.progressivebackoff.core.Tier;
import dev.progressivebackoff.core.TierCatalog;
import dev.progressivebackoff.core.policy.TierDetectors;
import dev.progressivebackoff.core.signals.ErrorBody;
import dev.progressivebackoff.core.signals.RateLimitSignals;
import dev.progressivebackoff.core.signals.ResponseHeaders;
import dev.progressivebackoff.testsupport.Signals;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HeaderTierDetectorTest {

    private final HeaderTierDetector detector = new HeaderTierDetector();
    private final TierCatalog moonshot = TierCatalog.moonshot();

    @ParameterizedTest(name = "{0} RPM -> {1}")
    @CsvSource({"3, free, 20", "200, tier1, 0.3", "500, tier2, 0.12", "10000, tier5, 0.006"})
    void mapsAnExactRpmToItsCatalogTier(long rpm, String expectedTier, double expectedBaseSeconds) {
        // when
        Optional<Tier> tier = detector.detect(okWithRpm(rpm), moonshot);

        // then
        assertThat(tier).contains(moonshot.require(expectedTier));
        assertThat(tier.get().baseDelay()).isEqualTo(Duration.ofNanos(Math.round(expectedBaseSeconds * 1e9)));
    }

    @Test
    void reportsTier3AndTier4HonestlyWhenTheyShareTheRpm() {
        // when
        Tier tier = detector.detect(okWithRpm(5_000), moonshot).orElseThrow();

        // then
        assertThat(tier.name()).isEqualTo("tier3/tier4");
        assertThat(tier.requestsPerMinute()).isEqualTo(5_000);
        assertThat(tier.baseDelay()).isEqualTo(Duration.ofMillis(12));
        assertThat(tier.maxConcurrency()).isEqualTo(OptionalInt.of(200));
    }

    @Test
    void makesACustomTierForAnRpmOutsideTheCatalog() {
        // when
        Tier tier = detector.detect(okWithRpm(60), moonshot).orElseThrow();

        // then
        assertThat(tier.name()).isEqualTo("custom-60rpm");
        assertThat(tier.baseDelay()).isEqualTo(Duration.ofSeconds(1));
        assertThat(tier.describe()).isEqualTo("custom-60rpm (RPM: 60, delay: 1.0s)");
    }

    @Test
    void convertsAnIetfPolicyWindowToRequestsPerMinute() {
        // given RateLimit-Policy: "default";q=100;w=10
        Tier tier = detector.detect(okWithQuota(100, Duration.ofSeconds(10), "ratelimit-policy"), moonshot)
                .orElseThrow();

        // then 600 RPM: base 0.1 s
        assertThat(tier.requestsPerMinute()).isEqualTo(600);
        assertThat(tier.baseDelay()).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void matchesAnAnthropicLimitAgainstAnotherCatalog() {
        // given
        TierCatalog anthropic = TierCatalog.of(List.of(Tier.of("build-1", 50), Tier.of("build-2", 1_000)));

        // when
        Optional<Tier> tier = detector.detect(
                okWithQuota(1_000, Duration.ofMinutes(1), "anthropic-ratelimit-requests-limit"), anthropic);

        // then
        assertThat(tier).contains(anthropic.require("build-2"));
    }

    @Test
    void saysNothingWhenNoQuotaWasAnnounced() {
        assertThat(detector.detect(Signals.ok(), moonshot)).isEmpty();
        assertThat(detector.detect(Signals.rateLimited(), moonshot)).isEmpty();
    }

    @Test
    void isTheDefaultDetectorFoundThroughServiceLoader() {
        // when
        TierDetectors detectors = TierDetectors.load();

        // then
        assertThat(detectors.names()).contains(HeaderTierDetector.NAME);
        assertThat(detectors.get(TierDetectors.DEFAULT_NAME)).isInstanceOf(HeaderTierDetector.class);
        assertThat(detectors.loadErrors()).isEmpty();
    }

    @Test
    void anAnnouncedQuotaAboveEveryKnownTierIsCappedAtTheFastestSoTheBackoffNeverFallsBelowSixMilliseconds() {
        // a confused server announcing 2 billion requests a minute would otherwise give a 30 ns backoff
        Tier tier = detector.detect(okWithRpm(Integer.MAX_VALUE), moonshot).orElseThrow();

        assertThat(tier.requestsPerMinute()).isEqualTo(10_000);
        assertThat(tier.baseDelay()).isEqualTo(Duration.ofMillis(6));
        assertThat(tier.name()).contains("capped");
        assertThat(detector.detect(okWithRpm(10_000), moonshot)).hasValue(moonshot.require("tier5"));
    }

    @Test
    void groqsPerDayRequestFiguresAreNoTier() {
        // Groq's documented example (https://console.groq.com/docs/rate-limits): 14,400 requests per DAY, read
        // as per minute it was capped at 10,000 RPM, a tier 1,440 times too fast
        ResponseHeaders groq = ResponseHeaders.of(
                "x-ratelimit-limit-requests", "14400",
                "x-ratelimit-limit-tokens", "18000",
                "x-ratelimit-remaining-requests", "14370",
                "x-ratelimit-remaining-tokens", "17997",
                "x-ratelimit-reset-requests", "2m59.56s",
                "x-ratelimit-reset-tokens", "7.66s");

        RateLimitSignals signals =
                RateLimitSignals.parse(200, groq, ErrorBody.EMPTY, Instant.parse("2025-01-01T00:00:00Z"));

        assertThat(detector.detect(signals, moonshot)).isEmpty();
    }

    @Test
    void cerebrasPerDayRequestWindowIsNoTier() {
        // Cerebras' documented example (https://inference-docs.cerebras.ai/support/rate-limits): requests per DAY
        ResponseHeaders cerebras = ResponseHeaders.of(
                "x-ratelimit-limit-requests-day", "14400",
                "x-ratelimit-limit-tokens-minute", "60000",
                "x-ratelimit-remaining-requests-day", "14399",
                "x-ratelimit-remaining-tokens-minute", "59000",
                "x-ratelimit-reset-requests-day", "33011.382867097854614",
                "x-ratelimit-reset-tokens-minute", "11.382867097854614");

        RateLimitSignals signals =
                RateLimitSignals.parse(200, cerebras, ErrorBody.EMPTY, Instant.parse("2025-01-01T00:00:00Z"));

        assertThat(detector.detect(signals, moonshot)).isEmpty();
    }

    @Test
    void aMinuteRequestWindowBesideTheDayGivesTheTier() {
        ResponseHeaders headers = ResponseHeaders.of(
                "x-ratelimit-limit-requests-day", "14400",
                "x-ratelimit-remaining-requests-day", "14399",
                "x-ratelimit-limit-requests-minute", "200",
                "x-ratelimit-remaining-requests-minute", "199");

        RateLimitSignals signals =
                RateLimitSignals.parse(200, headers, ErrorBody.EMPTY, Instant.parse("2025-01-01T00:00:00Z"));

        assertThat(detector.detect(signals, moonshot)).hasValue(moonshot.require("tier1"));
    }

    @Test
    void openAisDocumentedRequestsResetOfOneSecondStillGivesTheTier() {
        ResponseHeaders openAi = ResponseHeaders.of(
                "x-ratelimit-limit-requests", "200",
                "x-ratelimit-remaining-requests", "199",
                "x-ratelimit-reset-requests", "1s",
                "x-ratelimit-reset-tokens", "6m0s");

        RateLimitSignals signals =
                RateLimitSignals.parse(200, openAi, ErrorBody.EMPTY, Instant.parse("2025-01-01T00:00:00Z"));

        assertThat(detector.detect(signals, moonshot)).hasValue(moonshot.require("tier1"));
    }
}
