package dev.progressivebackoff.core.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.progressivebackoff.core.Tier;
import dev.progressivebackoff.core.TierCatalog;
import dev.progressivebackoff.core.policy.TierDetector;
import dev.progressivebackoff.core.signals.RateLimitSignals;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TierTrackerTest {

    /** Reads the tier from the announced request quota, like the backoff module's header detector. */
    static final TierDetector QUOTA_DETECTOR = new TierDetector() {
        @Override
        public String name() {
            return "quota";
        }

        @Override
        public Optional<Tier> detect(RateLimitSignals signals, TierCatalog catalog) {
            return signals.requestQuota().map(quota -> catalog.forRpm(quota.requestsPerMinute()));
        }
    };

    private final TierCatalog moonshot = TierCatalog.moonshot();

    @Test
    void aFixedTrackerIgnoresEveryResponse() {
        // given
        TierTracker tracker = TierTracker.fixed(moonshot.require("tier2"));

        // when
        Optional<RetryEvent.TierDetected> event = tracker.observe(TestSignals.withRpm(TestSignals.ok(), 3));

        // then
        assertThat(event).isEmpty();
        assertThat(tracker.isDetecting()).isFalse();
        assertThat(tracker.current()).isEqualTo(moonshot.require("tier2"));
    }

    @Test
    void adoptsADetectedTierAndReportsTheChangeOnce() {
        // given
        TierTracker tracker = TierTracker.detecting(moonshot.require("tier1"), QUOTA_DETECTOR, moonshot);

        // when
        Optional<RetryEvent.TierDetected> first = tracker.observe(TestSignals.withRpm(TestSignals.ok(), 5_000));
        Optional<RetryEvent.TierDetected> again = tracker.observe(TestSignals.withRpm(TestSignals.ok(), 5_000));

        // then
        assertThat(tracker.isDetecting()).isTrue();
        assertThat(first).hasValueSatisfying(event -> {
            assertThat(event.tier().name()).isEqualTo("tier3/tier4");
            assertThat(event.previous()).contains(moonshot.require("tier1"));
            assertThat(event.evidence()).isEqualTo("x-ratelimit-limit-requests: 5000");
        });
        assertThat(again).isEmpty();
        assertThat(tracker.current().name()).isEqualTo("tier3/tier4");
    }

    @Test
    void keepsTheTierWhenAResponseSaysNothingAboutIt() {
        // given
        TierTracker tracker = TierTracker.detecting(moonshot.require("free"), QUOTA_DETECTOR, moonshot);

        // when
        Optional<RetryEvent.TierDetected> event = tracker.observe(TestSignals.rateLimited());

        // then
        assertThat(event).isEmpty();
        assertThat(tracker.current()).isEqualTo(moonshot.require("free"));
    }

    @Test
    void reportsNothingWhenTheDetectedTierIsTheCurrentOne() {
        // given
        TierTracker tracker = TierTracker.detecting(moonshot.require("free"), QUOTA_DETECTOR, moonshot);

        // then
        assertThat(tracker.observe(TestSignals.withRpm(TestSignals.ok(), 3))).isEmpty();
    }

    @Test
    void needsATierDetectorAndCatalog() {
        assertThatThrownBy(() -> TierTracker.fixed(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> TierTracker.detecting(moonshot.require("free"), null, moonshot))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> TierTracker.detecting(moonshot.require("free"), QUOTA_DETECTOR, null))
                .isInstanceOf(NullPointerException.class);
    }
}
