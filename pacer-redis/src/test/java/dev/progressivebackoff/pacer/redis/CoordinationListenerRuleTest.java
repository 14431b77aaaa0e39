package dev.progressivebackoff.pacer.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.progressivebackoff.core.Tier;
import dev.progressivebackoff.pacing.Permit;
import dev.progressivebackoff.pacing.RateLimitKey;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The listener rule for coordination listeners: one that throws changes nothing and is reported. */
class CoordinationListenerRuleTest {

    /** Nothing listens on port 1: connecting is refused at once. */
    private static final URI UNREACHABLE = URI.create("redis://127.0.0.1:1/0");

    private final RateLimitKey key = RateLimitKey.of("https://api.example.test/v1", "sk-rule");

    @Test
    void aThrowingListenerNeitherFailsNorAltersConnectingAndIsReportedWhileTheNextStillHears() throws Exception {
        // given a listener that throws, then one that records, and a handler recording the reports
        CoordinationListener failing = event -> {
            throw new IllegalStateException("listener bug");
        };
        EventRecorder heard = new EventRecorder();
        List<String> reported = new ArrayList<>();

        // when Redis is unreachable in fallback mode
        try (RedisPacers pacers = builder()
                        .onCoordination(failing)
                        .onCoordination(heard)
                        .reportListenerErrorsTo(
                                (listener, event, failure) -> reported.add((listener == failing ? "failing" : "other")
                                        + " on " + event.getClass().getSimpleName() + ": " + failure.getMessage()))
                        .build();
                RedisPacers without =
                        builder().onCoordination(new EventRecorder()).build()) {

            // then the pacers start locally, exactly as without the failing listener
            assertThat(pacers.isCoordinated()).isFalse().isEqualTo(without.isCoordinated());
            try (Permit permit = pacers.pacerFor(key, Tier.custom(600)).acquire()) {
                assertThat(((RedisPermit) permit).coordinated()).isFalse();
            }
            assertThat(heard.events()).singleElement().isInstanceOf(CoordinationEvent.Lost.class);
            assertThat(reported).containsExactly("failing on Lost: listener bug");
        }
    }

    private static RedisPacersBuilder builder() {
        return RedisPacers.builder(UNREACHABLE)
                .withTimeout(Duration.ofSeconds(1))
                .withCoordinationLogging(false);
    }
}
