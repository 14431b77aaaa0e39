package dev.progressivebackoff.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.progressivebackoff.core.Seconds;
import dev.progressivebackoff.core.signals.ResponseHeaders;
import dev.progressivebackoff.core.signals.ServerHint;
import dev.progressivebackoff.core.signals.WaitSource;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class IetfRateLimitHeadersTest {

    @Test
    void waitsTheLongestResetAmongExhaustedPolicies() {
        ResponseHeaders headers =
                ResponseHeaders.of("RateLimit", "\"burst\";r=0;t=5, \"day\";t=3600;r=0, \"hour\";r=7;t=100000");

        assertThat(IetfRateLimitHeaders.hint(headers)).map(ServerHint::delay).hasValue(Duration.ofHours(1));
    }

    @Test
    void combinesRateLimitLinesAsOneList() {
        ResponseHeaders headers = ResponseHeaders.of("RateLimit", "\"burst\";r=0;t=5", "RateLimit", "\"day\";r=0;t=60");

        assertThat(IetfRateLimitHeaders.hint(headers)).hasValueSatisfying(hint -> {
            assertThat(hint.delay()).isEqualTo(Duration.ofSeconds(60));
            assertThat(hint.source()).isEqualTo(WaitSource.RATELIMIT);
        });
    }

    @Test
    void givesNoHintWhileEveryPolicyHasRequestsLeft() {
        assertThat(IetfRateLimitHeaders.hint(ResponseHeaders.of("RateLimit", "\"default\";r=1;t=50")))
                .isEmpty();
        assertThat(IetfRateLimitHeaders.hint(ResponseHeaders.of("RateLimit", "\"default\";r=0")))
                .isEmpty();
    }

    @Test
    void ignoresMalformedRateLimitValues() {
        for (String malformed : new String[] {
            "\"default\";r=0;t=-5",
            "\"default\";r=-1;t=5",
            "default;r=0;t=5.5",
            "\"default\";r=0;t=\"5\"",
            "r=0;t=50",
            "\"default\";r=0;t=50,",
            "(\"a\");r=0;t=5",
            "5;r=0;t=5"
        }) {
            assertThat(IetfRateLimitHeaders.hint(ResponseHeaders.of("RateLimit", malformed)))
                    .as(malformed)
                    .isEmpty();
        }
    }

    @Test
    void acceptsTokenPolicyNames() {
        assertThat(IetfRateLimitHeaders.hint(ResponseHeaders.of("RateLimit", "default;r=0;t=9")))
                .map(ServerHint::delay)
                .hasValue(Duration.ofSeconds(9));
    }

    @Test
    void saturatesFifteenDigitResets() {
        assertThat(IetfRateLimitHeaders.hint(ResponseHeaders.of("RateLimit", "\"x\";r=0;t=999999999999999")))
                .map(ServerHint::delay)
                .hasValue(Seconds.SATURATED);
    }

    @Test
    void takesTheRequestQuotaFromTheShortestRequestPolicyWhateverTheParameterOrder() {
        ResponseHeaders headers = ResponseHeaders.of(
                "RateLimit-Policy",
                "\"day\";q=10000;w=86400, \"bytes\";qu=\"content-bytes\";w=1;q=999, \"minute\";w=60;q=500;qu=\"requests\"");

        QuotaFigures figures = IetfRateLimitHeaders.figures(headers);

        assertThat(figures.requestQuota()).hasValueSatisfying(quota -> {
            assertThat(quota.limit()).isEqualTo(500);
            assertThat(quota.window()).isEqualTo(Duration.ofMinutes(1));
            assertThat(quota.header()).isEqualTo("ratelimit-policy");
        });
    }

    @Test
    void ignoresPoliciesWithoutAPositiveQuotaOrWindow() {
        ResponseHeaders headers = ResponseHeaders.of("RateLimit-Policy", "\"a\";q=0;w=10, \"b\";q=5, \"c\";q=5;w=0");

        assertThat(IetfRateLimitHeaders.figures(headers).requestQuota()).isEmpty();
    }

    @Test
    void readsRemainingAndResetFromTheItemOfTheChosenPolicy() {
        ResponseHeaders headers = ResponseHeaders.of(
                "RateLimit-Policy", "\"minute\";q=500;w=60, \"day\";q=10000;w=86400",
                "RateLimit", "\"day\";r=0;t=7000, \"minute\";r=42;t=12");

        QuotaFigures figures = IetfRateLimitHeaders.figures(headers);

        assertThat(figures.remainingRequests()).hasValue(42);
        assertThat(figures.resetRequests()).hasValue(Duration.ofSeconds(12));
    }

    @Test
    void withoutPoliciesReadsTheItemWithFewestRemaining() {
        ResponseHeaders headers = ResponseHeaders.of("RateLimit", "\"a\";r=9;t=1, \"b\";r=2;t=30, \"c\";r=2;t=40");

        QuotaFigures figures = IetfRateLimitHeaders.figures(headers);

        assertThat(figures.remainingRequests()).hasValue(2);
        assertThat(figures.resetRequests()).hasValue(Duration.ofSeconds(40));
    }

    @Test
    void readsTheOlderFormWithItsWindowOrAMinute() {
        assertThat(IetfRateLimitHeaders.figures(ResponseHeaders.of("RateLimit-Limit", "100"))
                        .requestQuota())
                .hasValueSatisfying(quota -> {
                    assertThat(quota.limit()).isEqualTo(100);
                    assertThat(quota.window()).isEqualTo(Duration.ofMinutes(1));
                    assertThat(quota.header()).isEqualTo("ratelimit-limit");
                });
        assertThat(IetfRateLimitHeaders.figures(ResponseHeaders.of("RateLimit-Limit", "10, 10;w=1, 1000;w=3600"))
                        .requestQuota())
                .hasValueSatisfying(quota -> {
                    assertThat(quota.limit()).isEqualTo(10);
                    assertThat(quota.window()).isEqualTo(Duration.ofSeconds(1));
                });
        assertThat(IetfRateLimitHeaders.figures(ResponseHeaders.of("RateLimit-Limit", "50;w=10"))
                        .requestQuota())
                .hasValueSatisfying(
                        quota -> assertThat(quota.requestsPerMinute()).isEqualTo(300));
    }

    @Test
    void usesTheOlderResetOnlyWhenTheOlderRemainingIsZero() {
        ResponseHeaders exhausted = ResponseHeaders.of("RateLimit-Remaining", "0", "RateLimit-Reset", "30");
        ResponseHeaders left = ResponseHeaders.of("RateLimit-Remaining", "4", "RateLimit-Reset", "30");

        assertThat(IetfRateLimitHeaders.hint(exhausted)).hasValueSatisfying(hint -> {
            assertThat(hint.delay()).isEqualTo(Duration.ofSeconds(30));
            assertThat(hint.source()).isEqualTo(WaitSource.RATELIMIT);
            assertThat(hint.raw()).isEqualTo("30");
        });
        assertThat(IetfRateLimitHeaders.hint(left)).isEmpty();
        assertThat(IetfRateLimitHeaders.figures(left).remainingRequests()).hasValue(4);
        assertThat(IetfRateLimitHeaders.figures(left).resetRequests()).hasValue(Duration.ofSeconds(30));
    }

    @Test
    void prefersTheDraft11FieldsOverTheOlderOnes() {
        ResponseHeaders headers = ResponseHeaders.of(
                "RateLimit",
                "\"d\";r=0;t=8",
                "RateLimit-Remaining",
                "0",
                "RateLimit-Reset",
                "30",
                "RateLimit-Policy",
                "\"d\";q=20;w=10",
                "RateLimit-Limit",
                "99");

        assertThat(IetfRateLimitHeaders.hint(headers)).map(ServerHint::delay).hasValue(Duration.ofSeconds(8));
        assertThat(IetfRateLimitHeaders.figures(headers).requestQuota())
                .map(q -> q.limit())
                .hasValue(20L);
    }
}
