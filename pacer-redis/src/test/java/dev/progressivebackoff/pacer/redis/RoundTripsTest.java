package dev.progressivebackoff.pacer.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RoundTripsTest {

    private final RoundTrips roundTrips = new RoundTrips();

    @Test
    void beforeAnyAskTheWholeWaitIsSlept() {
        assertThat(roundTrips.askAhead(Duration.ofMillis(100))).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void theNextAskLeavesOneRoundTripBeforeTheStartIsDue() {
        // when the first ask took 0.8 ms
        roundTrips.record(800_000);

        // then a caller refused for 100 ms sleeps 99.2 ms; one refused for less than a round trip (its early ask came
        // a little too early) sleeps what is left, so it does not spin on asks
        assertThat(roundTrips.askAhead(Duration.ofMillis(100))).isEqualTo(Duration.ofNanos(99_200_000));
        assertThat(roundTrips.askAhead(Duration.ofNanos(500_000))).isEqualTo(Duration.ofNanos(500_000));
    }

    @Test
    void roundTripsAreSmoothedSoOneSlowAskMovesTheEstimateByAnEighth() {
        // given asks of 0.8 ms
        roundTrips.record(800_000);
        roundTrips.record(800_000);

        // when one ask takes 2.4 ms
        roundTrips.record(2_400_000);

        // then the estimate is 0.8 + (2.4 - 0.8) / 8 = 1.0 ms
        assertThat(roundTrips.askAhead(Duration.ofMillis(100))).isEqualTo(Duration.ofMillis(99));
    }

    @Test
    void aStallIsCountedAsTheLongestRoundTripNotItsLength() {
        // a reconnect of 2 s would otherwise make every caller ask 2 s early for a long time
        roundTrips.record(2_000_000_000L);

        assertThat(roundTrips.askAhead(Duration.ofMillis(100))).isEqualTo(Duration.ofMillis(95));
    }
}
