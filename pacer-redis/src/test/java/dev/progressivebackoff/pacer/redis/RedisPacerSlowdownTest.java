package dev.progressivebackoff.pacer.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.progressivebackoff.core.Tier;
import dev.progressivebackoff.pacing.SlowdownRules;
import dev.progressivebackoff.testsupport.Signals;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The slow-down 429s leave, and the floor they teach, are shared by every process on the key and follow
 * {@link SlowdownRules}. Redis reports the slow-down to the millionth.
 */
class RedisPacerSlowdownTest {

    private static final double MILLIONTH = 1e-6;

    @RegisterExtension
    final RedisPacerFixture redis = new RedisPacerFixture("sk-slowdown");

    @Test
    void theFloorA429LeavesIsSharedAndNoProcessEverReturnsToThePaceThatFailed() throws Exception {
        // given two processes at 6,000 RPM (10 ms apart, no margin); A's request met a 429
        RedisPacer a = pacer(6000);
        RedisPacer b = pacer(6000);
        a.acquire().close();
        a.coolDown(Duration.ZERO);
        assertThat(b.state().slowdown()).isEqualTo(1.25);

        // when B sees a long run of successes
        for (int success = 0; success < 1_000; success++) {
            b.observe(Signals.ok());
        }

        // then the slow-down of both came back only to half a percent above the pace that failed
        assertThat(a.state().slowdown()).isCloseTo(1.005, within(MILLIONTH));
        assertThat(b.state().slowdown()).isCloseTo(1.005, within(MILLIONTH));

        // and their starts stay that much wider apart than the quota, on Redis's clock
        Instant first = startOf(b);
        Instant second = startOf(a);
        Instant third = startOf(b);
        assertThat(Duration.between(first, second)).isGreaterThanOrEqualTo(Duration.ofNanos(10_050_000));
        assertThat(Duration.between(second, third)).isGreaterThanOrEqualTo(Duration.ofNanos(10_050_000));
    }

    @Test
    void a429OfARequestStartedBeforeTheLastSlowDownDoesNotSlowAnyProcessAgain() throws Exception {
        // given three requests of two processes in flight
        RedisPacer a = pacer(6000);
        RedisPacer b = pacer(6000);
        RedisPermit one = a.acquire();
        RedisPermit two = b.acquire();
        RedisPermit three = a.acquire();

        // when all three meet a 429, in both processes
        a.coolDown(Duration.ZERO);
        b.coolDown(Duration.ZERO);
        a.coolDown(Duration.ZERO);

        // then the pace slowed once, not three times
        assertThat(b.state().slowdown()).isEqualTo(1.25);

        // and a request started at the slower pace that meets a 429 slows it again
        List.of(one, two, three).forEach(RedisPermit::close);
        b.acquire().close();
        a.coolDown(Duration.ZERO);
        assertThat(b.state().slowdown()).isEqualTo(1.5625);
    }

    @Test
    void theSharedSlowDownFollowsTheLocalPacersRulesStepByStep() throws Exception {
        // given two processes, and the local rules followed by hand alongside
        RedisPacer a = pacer(6000);
        RedisPacer b = pacer(6000);
        Model model = new Model();

        // when 429s and successes arrive in both, some after new starts
        String script = "G4 G4S S S G4 SSSSSSSSSSSSSSSS G4 S S 4 G4 " + "S".repeat(60) + " G4 G4 G4 " + "S".repeat(300);
        int step = 0;
        for (char event : script.replace(" ", "").toCharArray()) {
            RedisPacer process = step++ % 2 == 0 ? a : b;
            switch (event) {
                case 'G' -> {
                    process.acquire().close();
                    model.granted++;
                }
                case '4' -> {
                    process.coolDown(Duration.ZERO);
                    model.rateLimited();
                }
                default -> {
                    process.observe(Signals.ok());
                    model.succeeded();
                }
            }

            // then after every event, each process reads the slow-down the local rules give
            assertThat(a.state().slowdown()).as("after event %d", step).isCloseTo(model.slowdown, within(MILLIONTH));
        }
        assertThat(model.slowdown).isGreaterThan(1.0);
    }

    @Test
    void adoptingAnotherRateForgetsWhat429sTaughtAtTheOldOneForEveryProcess() throws Exception {
        // given a 429 met at 6,000 RPM
        RedisPacer a = pacer(6000);
        RedisPacer b = pacer(6000);
        a.coolDown(Duration.ZERO);

        // when B adopts the rate it already paces at, nothing is forgotten
        b.adoptRpm(6000);
        b.adoptTier(Tier.custom(6000));
        assertThat(a.state().slowdown()).isEqualTo(1.25);

        // when B adopts another rate, then the slow-down and its floor are gone for A too
        b.adoptTier(Tier.custom(3000));
        assertThat(a.state().slowdown()).isEqualTo(1.0);
        for (int success = 0; success < 3; success++) {
            a.observe(Signals.ok());
        }
        assertThat(a.state().slowdown()).isEqualTo(1.0);
    }

    private static Instant startOf(RedisPacer pacer) throws InterruptedException {
        try (RedisPermit permit = pacer.acquire()) {
            permit.markSent();
            return permit.scheduledStart().orElseThrow();
        }
    }

    private RedisPacer pacer(int rpm) {
        return redis.pacer(
                Tier.custom(rpm), settings -> settings.withSpacingMargin(false).withSleeper(new RecordingSleeper()));
    }

    /** The local pacer's rules, followed by hand: the slow-down, its floor and the pace that failed. */
    private static final class Model {
        double slowdown = 1.0;
        double floor = 1.0;
        double failedAt;
        long granted;
        long grantedAtLastPenalty = -1;

        void rateLimited() {
            if (granted > grantedAtLastPenalty) {
                failedAt = SlowdownRules.failedAfter429(failedAt, slowdown);
                floor = SlowdownRules.floorAfter429(floor, slowdown);
                slowdown = SlowdownRules.slowdownAfter429(slowdown, floor);
                grantedAtLastPenalty = granted;
            }
        }

        void succeeded() {
            floor = SlowdownRules.floorAfterSuccess(floor, failedAt);
            slowdown = SlowdownRules.slowdownAfterSuccess(slowdown, floor);
        }
    }
}
