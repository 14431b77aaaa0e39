package dev.progressivebackoff.pacing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.progressivebackoff.core.Tier;
import dev.progressivebackoff.testsupport.Eventually;
import dev.progressivebackoff.testsupport.FakeClock;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class PacerConcurrencyTest {

    private final FakeClock clock = FakeClock.parkingSleepers();

    @Test
    void keepsACallerWaitingWhileTheTiersMaximumIsInFlightWhateverTheTime() throws InterruptedException {
        // given a tier allowing 2 in flight, and 2 requests in flight
        Pacer pacer = pacer(Tier.of("two", 60, 2));
        Permit first = pacer.acquire();
        clock.advance(Duration.ofSeconds(1));
        Permit second = pacer.acquire();
        clock.advance(Duration.ofSeconds(1));

        // when a third caller comes and time passes
        AtomicReference<Permit> third = new AtomicReference<>();
        Workers workers = new Workers();
        workers.start("third", () -> third.set(pacer.acquire()));
        Eventually.until(() -> pacer.state().waiting() == 1, () -> "the third caller is queued");
        clock.advance(Duration.ofMinutes(10));

        // then it still waits, with no clock sleep
        assertThat(third.get()).isNull();
        assertThat(pacer.state().inFlight()).isEqualTo(2);
        assertThat(clock.sleepers()).isZero();

        // when one request ends, then the third starts
        first.close();
        workers.joinAllAndCheck();
        assertThat(third.get()).isNotNull();
        assertThat(pacer.state().inFlight()).isEqualTo(2);
        assertThat(pacer.state().waiting()).isZero();
        second.close();
        third.get().close();
        assertThat(pacer.state().inFlight()).isZero();
    }

    @Test
    void givesAConcurrencySlotBackOnlyOnceWhenAPermitIsClosedTwice() throws InterruptedException {
        // given the free tier (1 in flight) with one request that ended
        Pacer pacer = pacer(Tier.of("free", 3, 1));
        Permit first = pacer.acquire();
        first.close();
        clock.advance(Duration.ofSeconds(20));
        Permit second = pacer.acquire();

        // when the first permit is closed again
        first.close();

        // then the second still holds the only slot
        assertThat(pacer.state().inFlight()).isEqualTo(1);
        second.close();
        assertThat(pacer.state().inFlight()).isZero();
    }

    @Test
    void letsQueuedCallersInWhenAdoptingATierWithMoreConcurrency() throws InterruptedException {
        // given 1 in flight allowed and used, and two callers queued
        Pacer pacer = pacer(Tier.of("one", 60_000, 1));
        Permit holder = pacer.acquire();
        clock.advance(Duration.ofSeconds(1));
        Workers workers = new Workers();
        workers.start("a", () -> pacer.acquire());
        Eventually.until(() -> pacer.state().waiting() == 1, () -> "a is queued");
        workers.start("b", () -> pacer.acquire());
        Eventually.until(() -> pacer.state().waiting() == 2, () -> "b is queued");

        // when a tier allowing 3 in flight is adopted
        pacer.adoptTier(Tier.of("three", 60_000, 3));

        // then a starts at once and b, 1 ms later, when its spacing allows
        Eventually.until(() -> pacer.state().inFlight() == 2 && clock.sleepers() == 1, () -> "a started");
        assertThat(clock.onlyDeadline()).isEqualTo(Duration.ofMillis(1_001));
        clock.advanceToNextDeadline();
        workers.joinAllAndCheck();
        assertThat(pacer.state().inFlight()).isEqualTo(3);
        assertThat(pacer.state().maxConcurrency()).isEqualTo(OptionalInt.of(3));
        holder.close();
    }

    @Test
    void lowersTheCapForNewStartsWhenAdoptingATierWithLessConcurrency() throws InterruptedException {
        // given 3 in flight under a cap of 3
        Pacer pacer = pacer(Tier.of("three", 60, 3).withAliases());
        Permit a = pacer.acquire();
        clock.advance(Duration.ofSeconds(1));
        Permit b = pacer.acquire();
        clock.advance(Duration.ofSeconds(1));
        Permit c = pacer.acquire();
        clock.advance(Duration.ofSeconds(1));

        // when the cap drops to 1 and two requests end
        pacer.adoptTier(Tier.of("one", 60, 1));
        a.close();
        b.close();
        AtomicReference<Permit> next = new AtomicReference<>();
        Workers workers = new Workers();
        workers.start("next", () -> next.set(pacer.acquire()));
        Eventually.until(() -> pacer.state().waiting() == 1, () -> "next is queued");

        // then a new caller waits until the last one ends too
        assertThat(next.get()).isNull();
        c.close();
        workers.joinAllAndCheck();
        assertThat(pacer.state().inFlight()).isEqualTo(1);
    }

    @Test
    void keepsTheCapWhenAdoptingAnRpm() {
        // given a tier with a cap of 5
        Pacer pacer = pacer(Tier.of("five", 60, 5));

        // when an RPM is adopted
        pacer.adoptRpm(120);

        // then the rate changes and the cap stays
        assertThat(pacer.state().requestsPerMinute()).isEqualTo(120);
        assertThat(pacer.state().maxConcurrency()).isEqualTo(OptionalInt.of(5));
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
