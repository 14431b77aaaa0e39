package dev.progressivebackoff.pacing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.progressivebackoff.core.Tier;
import dev.progressivebackoff.core.TierCatalog;
import dev.progressivebackoff.testsupport.FakeClock;
import dev.progressivebackoff.testsupport.Signals;
import java.time.Duration;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class PacerLearningTest {

    private final FakeClock clock = FakeClock.parkingSleepers();
    private final TierCatalog moonshot = TierCatalog.moonshot();

    @Test
    void holdsUntilTheResetWhenNoRequestIsLeftInTheWindow() throws InterruptedException {
        // given a 120 RPM pacer that just started a request whose response says none are left for 3 s
        Pacer pacer = pacer(Tier.of("fast", 120));
        pacer.acquire().close();
        pacer.observe(Signals.requestsLeft(0, Duration.ofSeconds(3)));

        // when the next request comes, then it starts at the reset, not 0.5 s later
        assertThat(Drive.startOfNextAcquire(clock, pacer)).isEqualTo(Duration.ofSeconds(3));
        assertThat(Drive.startOfNextAcquire(clock, pacer)).isEqualTo(Duration.ofMillis(3_500));
    }

    @Test
    void holdsUntilTheTokenResetWhenNoTokenIsLeft() throws InterruptedException {
        // given a response saying no tokens are left for 7 s
        Pacer pacer = pacer(Tier.of("fast", 120));
        pacer.acquire().close();
        pacer.observe(Signals.tokensLeft(0, Duration.ofSeconds(7)));

        // then the next request waits for the token window
        assertThat(Drive.startOfNextAcquire(clock, pacer)).isEqualTo(Duration.ofSeconds(7));
    }

    @Test
    void spreadsTheLastRequestsOfAWindowUntilItsReset() throws InterruptedException {
        // given a 60 RPM pacer told that 3 requests are left for the next 12 s
        Pacer pacer = pacer(Tier.of("sixty", 60));
        pacer.acquire().close();
        pacer.observe(Signals.requestsLeft(3, Duration.ofSeconds(12)));

        // then the three and the one the reset frees are spread 3 s apart, the last on the reset,
        // and after the reset the tier's spacing is back
        assertThat(Drive.startOfNextAcquire(clock, pacer)).isEqualTo(Duration.ofSeconds(3));
        assertThat(Drive.startOfNextAcquire(clock, pacer)).isEqualTo(Duration.ofSeconds(6));
        assertThat(Drive.startOfNextAcquire(clock, pacer)).isEqualTo(Duration.ofSeconds(9));
        assertThat(Drive.startOfNextAcquire(clock, pacer)).isEqualTo(Duration.ofSeconds(12));
        assertThat(Drive.startOfNextAcquire(clock, pacer)).isEqualTo(Duration.ofSeconds(13));
    }

    @Test
    void keepsTheQuotasSpacingWhenOneRequestIsLeftOfASlidingWindowRunAtTheQuota() throws InterruptedException {
        // given a 60 RPM pacer on a 10-per-10-s sliding window, at the quota: after a start, one request is
        // left and the oldest in the window leaves in 2 s (regression: it spread that one over the 2 s, so
        // every small delay slowed a full-rate run to half the quota for a while)
        Pacer pacer = pacer(Tier.of("sixty", 60));
        pacer.acquire().close();
        pacer.observe(Signals.requestsLeft(1, Duration.ofSeconds(2)));

        // then the next start keeps the 1 s spacing
        assertThat(Drive.startOfNextAcquire(clock, pacer)).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void keepsTheTiersSpacingWhileTheWindowHasEnoughLeft() throws InterruptedException {
        // given a 60 RPM pacer told that 30 requests are left for the next 10 s
        Pacer pacer = pacer(Tier.of("sixty", 60));
        pacer.acquire().close();
        pacer.observe(Signals.requestsLeft(30, Duration.ofSeconds(10)));
        pacer.observe(Signals.ok());

        // then nothing changes
        assertThat(Drive.startOfNextAcquire(clock, pacer)).isEqualTo(Duration.ofSeconds(1));
        assertThat(pacer.state().heldFor()).isZero();
    }

    @Test
    void doesNotSlowDownWhileMoreThanATenthOfTheAnnouncedQuotaIsLeft() throws InterruptedException {
        // given a 60 RPM pacer told by a token-bucket provider: 20 of 60 left, full again in 40 s
        Pacer pacer = pacer(Tier.of("sixty", 60));
        pacer.acquire().close();
        pacer.observe(Signals.requestsLeftOf(60, 20, Duration.ofSeconds(40)));

        // then it keeps its spacing
        assertThat(Drive.startOfNextAcquire(clock, pacer)).isEqualTo(Duration.ofSeconds(1));

        // when only 5 of 60 are left, full again in 54 s, then it spreads them and the one the reset frees
        pacer.observe(Signals.requestsLeftOf(60, 5, Duration.ofSeconds(54)));
        assertThat(Drive.startOfNextAcquire(clock, pacer)).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void speedsUpAtOnceWhenAFasterTierIsDetected() throws InterruptedException {
        // given the free tier (20 s spacing, 1 in flight) with one request in flight
        Pacer pacer = pacer(moonshot.require("free"));
        Permit first = pacer.acquire();

        // when its response reveals tier1 (200 RPM, 50 in flight) and it ends
        pacer.adoptTier(moonshot.require("tier1"));
        first.close();

        // then the next request starts 0.3 s after the first, not 20 s
        assertThat(Drive.startOfNextAcquire(clock, pacer)).isEqualTo(Duration.ofMillis(300));
        assertThat(pacer.state().maxConcurrency()).isEqualTo(OptionalInt.of(50));
        assertThat(pacer.state().requestsPerMinute()).isEqualTo(200);
    }

    @Test
    @SuppressWarnings("try") // the resource is only held; closing it is the point
    void wakesACallerSleepingTowardASlowStartWithinTheRecheckIntervalAfterASpeedUp() throws InterruptedException {
        // given a 3 RPM pacer with a caller sleeping toward 20 s, in 1 s slices
        Pacer pacer = pacer(Tier.of("slow", 3));
        pacer.acquire().close();
        Workers workers = new Workers();
        Duration[] start = new Duration[1];
        workers.start("caller", () -> {
            try (Permit permit = pacer.acquire()) {
                start[0] = clock.elapsed();
            }
        });
        clock.awaitSleepers(1);
        assertThat(clock.onlyDeadline()).isEqualTo(Duration.ofSeconds(1));

        // when 200 RPM is adopted
        pacer.adoptRpm(200);
        Drive.untilFinished(clock, pacer, workers, 1);
        workers.joinAllAndCheck();

        // then it starts when its slice ends
        assertThat(start[0]).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void slowsDownWhenASlowerTierIsAdopted() throws InterruptedException {
        // given tier1 (0.3 s spacing) that just started a request
        Pacer pacer = pacer(moonshot.require("tier1"));
        pacer.acquire().close();

        // when the free tier is adopted
        pacer.adoptTier(moonshot.require("free"));

        // then the next start is 20 s after the last
        assertThat(Drive.startOfNextAcquire(clock, pacer)).isEqualTo(Duration.ofSeconds(20));
    }

    private Pacer pacer(Tier tier) {
        return Pacer.builder()
                .withSpacingMargin(false)
                .withTier(tier)
                .withTimeSource(clock)
                .withSleeper(clock)
                .build();
    }
}
