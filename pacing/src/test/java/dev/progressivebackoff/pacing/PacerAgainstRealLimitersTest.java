package dev.progressivebackoff.pacing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.progressivebackoff.testsupport.FakeClock;
import dev.progressivebackoff.testsupport.Signals;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The ways a pacer tuned on its own simulator failed against real limiters (nginx {@code limit_req},
 * HAProxy stick tables, express-rate-limit, rate-limiter-flexible), each replayed on a virtual clock.
 */
class PacerAgainstRealLimitersTest {

    private static final String IETF_POLICY = "ratelimit-policy";
    private static final String OPENAI_LIMIT = "x-ratelimit-limit-requests";

    private final FakeClock clock = FakeClock.parkingSleepers();

    private Pacer pacer(int rpm) {
        return Pacer.builder()
                .withRpm(rpm)
                .withTimeSource(clock)
                .withSleeper(clock)
                .build();
    }

    @Test
    void aFirstRequestSentLateMakesTheNextStartCountFromItsSending() throws InterruptedException {
        // given a 300 RPM pacer whose first request left 80 ms after its grant (a new connection, class loading)
        Pacer pacer = pacer(300);
        try (Permit first = pacer.acquire()) {
            clock.advance(Duration.ofMillis(80));
            first.markSent();
        }

        // then the second starts one spacing (200 ms + 2 ms margin) after the first was sent, not after its grant
        assertThat(Drive.startOfNextAcquire(clock, pacer)).isEqualTo(Duration.ofMillis(282));
    }

    @Test
    void aRequestSentOnTimeLeavesTheSpacingAsItWas() throws InterruptedException {
        Pacer pacer = pacer(300);
        try (Permit first = pacer.acquire()) {
            first.markSent();
        }

        assertThat(Drive.startOfNextAcquire(clock, pacer)).isEqualTo(Duration.ofMillis(202));
    }

    @Test
    void startsAreSpacedAMillisecondAndHalfAPercentAboveTheQuotaAtMostFivePercent() throws InterruptedException {
        // nginx times arrivals in whole milliseconds, once per event-loop turn: a start exactly at the quota
        // is refused whenever it lands a millisecond early on that clock
        assertThat(secondStart(pacer(300))).isEqualTo(Duration.ofMillis(202));
        assertThat(secondStart(pacer(60))).isEqualTo(Duration.ofMillis(1_006));
        assertThat(secondStart(pacer(5_000))).isEqualTo(Duration.ofNanos(12_600_000));
        assertThat(secondStart(Pacer.builder()
                        .withRpm(300)
                        .withSpacingMargin(false)
                        .withTimeSource(clock)
                        .withSleeper(clock)
                        .build()))
                .isEqualTo(Duration.ofMillis(200));
    }

    @Test
    void theMarginGrowsToTheJitterOfTheDelayBetweenGrantAndSendingAndShrinksBack() throws InterruptedException {
        // given a 300 RPM pacer (200 ms + a 2 ms margin) on a loaded machine: one request goes on the wire at
        // once after its grant, the next 6 ms after it, so one stamped on time may be written that much later
        Pacer pacer = pacer(300);
        sendAfter(pacer, Duration.ZERO);
        sendAfter(pacer, Duration.ZERO);
        sendAfter(pacer, Duration.ofMillis(6));
        Duration before = clock.elapsed();

        // then the spacing is 200 ms + the 6 ms of jitter measured, counted from the sending
        assertThat(Drive.startOfNextAcquire(clock, pacer).minus(before)).isEqualTo(Duration.ofMillis(206));

        // and once sends are even again, the margin decays back to its floor of 2 ms
        for (int request = 0; request < 100; request++) {
            sendAfter(pacer, Duration.ZERO);
        }
        before = clock.elapsed();
        assertThat(Drive.startOfNextAcquire(clock, pacer).minus(before)).isEqualTo(Duration.ofMillis(202));
    }

    private void sendAfter(Pacer pacer, Duration delay) throws InterruptedException {
        Drive.startOfNextAcquire(clock, pacer);
        clock.advance(Duration.ofSeconds(1));
        try (Permit permit = pacer.acquire()) {
            clock.advance(delay);
            permit.markSent();
        }
    }

    private Duration secondStart(Pacer pacer) throws InterruptedException {
        Duration first = Drive.startOfNextAcquire(clock, pacer);
        return Drive.startOfNextAcquire(clock, pacer).minus(first);
    }

    @Test
    void aCountAnnouncedByRemainingIsSpentAtOnceAndNeverExceeded() throws InterruptedException {
        // given a 60 RPM pacer whose first response says 3 more requests are admitted in this minute's window
        Pacer pacer = pacer(60);
        try (Permit first = pacer.acquire()) {
            first.markSent();
            pacer.observe(first, Signals.window(300, Duration.ofMinutes(1), OPENAI_LIMIT, 3, Duration.ofSeconds(60)));
        }

        // then those three start at once, not a second apart
        for (int request = 0; request < 3; request++) {
            assertThat(Drive.startOfNextAcquire(clock, pacer)).isZero();
        }

        // and the fourth waits for the window to turn over
        assertThat(Drive.startOfNextAcquire(clock, pacer)).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void olderRequestsStillInFlightAreTakenOffTheCount() throws InterruptedException {
        // given two requests out at 6,000 RPM, the second answered first: 3 more admitted now, but the first
        // (still in flight) may reach the server after it and take one of them
        Pacer pacer = pacer(6_000);
        Permit first = pacer.acquire();
        clock.advance(Duration.ofMillis(20));
        try (Permit second = pacer.acquire()) {
            pacer.observe(second, Signals.window(300, Duration.ofMinutes(1), OPENAI_LIMIT, 3, Duration.ofSeconds(30)));
        }

        // then two more start at once, and the next waits for the reset
        assertThat(Drive.startOfNextAcquire(clock, pacer)).isEqualTo(Duration.ofMillis(20));
        assertThat(Drive.startOfNextAcquire(clock, pacer)).isEqualTo(Duration.ofMillis(20));
        first.close();
        assertThat(Drive.startOfNextAcquire(clock, pacer)).isEqualTo(Duration.ofMillis(30_020));
    }

    @Test
    void aWholeSecondResetIsBoundedByTheEndOfTheWindowItsFirstRequestOpened() throws InterruptedException {
        // given express-rate-limit's 5 requests per 1 s window, which announces t=1 (seconds, rounded up)
        // until its window ends: the first response (r=4) dates the window from its request's sending
        Pacer pacer = pacer(300);
        try (Permit first = pacer.acquire()) {
            first.markSent();
            clock.advance(Duration.ofMillis(1));
            pacer.observe(first, Signals.window(5, Duration.ofSeconds(1), IETF_POLICY, 4, Duration.ofSeconds(1)));
        }

        // when the four left start at once, and the last response (r=0, t=1) comes 200 ms later
        Permit last = null;
        for (int request = 0; request < 4; request++) {
            if (last != null) {
                last.close();
            }
            last = pacer.acquire();
        }
        assertThat(clock.elapsed()).isEqualTo(Duration.ofMillis(1));
        clock.advance(Duration.ofMillis(199));
        pacer.observe(last, Signals.window(5, Duration.ofSeconds(1), IETF_POLICY, 0, Duration.ofSeconds(1)));
        last.close();

        // then the next start waits for the window's end (1 s after the first was sent, plus a 6 ms margin),
        // not for the 1 s that t announces from now
        assertThat(Drive.startOfNextAcquire(clock, pacer)).isEqualTo(Duration.ofMillis(1_006));
    }

    @Test
    void a429WhileSpendingACountStopsTrustingCounts() throws InterruptedException {
        // given a pacer spending a count the server announced, which answers 429 all the same (it enforces a
        // shorter window than it announces)
        Pacer pacer = pacer(60);
        try (Permit first = pacer.acquire()) {
            pacer.observe(first, Signals.window(300, Duration.ofMinutes(1), OPENAI_LIMIT, 50, Duration.ofSeconds(60)));
        }
        assertThat(Drive.startOfNextAcquire(clock, pacer)).isZero();
        pacer.coolDown(Duration.ZERO);

        // when, once the pace allows a start, a later response announces a count again
        clock.advance(Duration.ofSeconds(10));
        try (Permit next = pacer.acquire()) {
            pacer.observe(next, Signals.window(300, Duration.ofMinutes(1), OPENAI_LIMIT, 50, Duration.ofSeconds(60)));
        }

        // then starts are spaced at the (slowed) quota: no burst
        Duration before = clock.elapsed();
        assertThat(Drive.startOfNextAcquire(clock, pacer).minus(before)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void aLimiterThatAnnouncesNothingIsPacedAtTheQuota() throws InterruptedException {
        Pacer pacer = pacer(300);
        try (Permit first = pacer.acquire()) {
            first.markSent();
            pacer.observe(first, Signals.ok());
        }

        assertThat(Drive.startOfNextAcquire(clock, pacer)).isEqualTo(Duration.ofMillis(202));
    }
}
