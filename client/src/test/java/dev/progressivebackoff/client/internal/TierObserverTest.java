package dev.progressivebackoff.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.progressivebackoff.core.Tier;
import dev.progressivebackoff.core.TierCatalog;
import dev.progressivebackoff.core.policy.TierDetector;
import dev.progressivebackoff.core.policy.TierDetectors;
import dev.progressivebackoff.core.retry.RetryEvent;
import dev.progressivebackoff.core.signals.ErrorBody;
import dev.progressivebackoff.core.signals.RateLimitSignals;
import dev.progressivebackoff.core.signals.ResponseHeaders;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TierObserverTest {

    private static final TierCatalog CATALOG = TierCatalog.moonshot();
    private static final Tier FREE = CATALOG.require("free");
    private static final Tier TIER1 = CATALOG.require("tier1");

    private final CountingDetector detector =
            new CountingDetector(TierDetectors.load().get("headers"));
    private final List<RetryEvent> events = new ArrayList<>();

    @Test
    void eachResponseIsReadOnceAndTheLoopsTrackerOnlyFollows() {
        TierObserver observer = TierObserver.detecting(FREE, detector, CATALOG, true);
        RateLimitSignals tier1 = signals(200);

        // the client's look at the response
        assertThat(observer.observe(tier1, false, events::add)).contains(TIER1);
        // then the rate-limit loop's look at the same response
        assertThat(observer.tracker().observe(tier1)).isEmpty();

        assertThat(detector.calls.get()).isEqualTo(1);
        assertThat(observer.current()).isEqualTo(TIER1);
        assertThat(observer.tracker().current()).isEqualTo(TIER1);
        assertThat(observer.hasSeenTier()).isTrue();
    }

    @Test
    void aChangeIsAnnouncedOnceWithThePreviousTier() {
        TierObserver observer = TierObserver.detecting(FREE, detector, CATALOG, true);

        observer.observe(signals(200), false, events::add);
        observer.observe(signals(200), false, events::add);

        assertThat(events).singleElement().isInstanceOfSatisfying(RetryEvent.TierDetected.class, detected -> {
            assertThat(detected.tier()).isEqualTo(TIER1);
            assertThat(detected.previous()).contains(FREE);
        });
    }

    @Test
    void withTierAutoTheFirstTierSeenIsAnnouncedEvenIfItIsTheOneAssumed() {
        TierObserver observer = TierObserver.detecting(FREE, detector, CATALOG, true);

        observer.observe(signals(3), false, events::add);
        observer.observe(signals(3), false, events::add);

        assertThat(events).singleElement().isInstanceOfSatisfying(RetryEvent.TierDetected.class, detected -> {
            assertThat(detected.tier()).isEqualTo(FREE);
            assertThat(detected.previous()).isEmpty();
        });
    }

    @Test
    void withAnExplicitTierAnUnchangedTierIsAnnouncedOnlyWhenAsked() {
        TierObserver observer = TierObserver.detecting(FREE, detector, CATALOG, false);

        observer.observe(signals(3), false, events::add);
        assertThat(events).isEmpty();

        observer.observe(signals(3), true, events::add);
        assertThat(events).hasSize(1);
    }

    @Test
    void theLoopsLateLookAtAnOlderResponseCannotUndoANewerTier() {
        TierObserver observer = TierObserver.detecting(FREE, detector, CATALOG, true);
        RateLimitSignals older = signals(200);

        observer.observe(older, false, events::add); // thread A's response: tier1
        observer.observe(signals(3), false, events::add); // thread B's newer response: free again
        assertThat(observer.tracker().observe(older)).isEmpty(); // thread A's loop looks at its response

        assertThat(observer.current()).isEqualTo(FREE);
        assertThat(events).hasSize(2);
    }

    @Test
    void aFixedTierReadsNothing() {
        TierObserver observer = TierObserver.fixed(TIER1);

        assertThat(observer.observe(signals(3), true, events::add)).isEmpty();
        assertThat(observer.tracker().observe(signals(3))).isEmpty();

        assertThat(observer.isDetecting()).isFalse();
        assertThat(observer.current()).isEqualTo(TIER1);
        assertThat(events).isEmpty();
    }

    private static RateLimitSignals signals(int limitRequests) {
        return RateLimitSignals.parse(
                200,
                ResponseHeaders.of("x-ratelimit-limit-requests", Integer.toString(limitRequests)),
                ErrorBody.EMPTY,
                Instant.parse("2025-01-01T00:00:00Z"));
    }

    private static final class CountingDetector implements TierDetector {
        private final TierDetector delegate;
        private final AtomicInteger calls = new AtomicInteger();

        CountingDetector(TierDetector delegate) {
            this.delegate = delegate;
        }

        @Override
        public String name() {
            return delegate.name();
        }

        @Override
        public Optional<Tier> detect(RateLimitSignals signals, TierCatalog catalog) {
            calls.incrementAndGet();
            return delegate.detect(signals, catalog);
        }
    }
}
