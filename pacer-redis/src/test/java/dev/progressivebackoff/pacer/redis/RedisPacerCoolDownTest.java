package dev.progressivebackoff.pacer.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.progressivebackoff.core.Sleeper;
import dev.progressivebackoff.core.SystemSleeper;
import dev.progressivebackoff.core.Tier;
import dev.progressivebackoff.testsupport.FakeClock;
import dev.progressivebackoff.testsupport.Signals;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RedisPacerCoolDownTest {

    @RegisterExtension
    final RedisPacerFixture redis = new RedisPacerFixture("sk-cooldown");

    private final FakeClock timeOfA = FakeClock.advancingOnSleep();
    private final FakeClock timeOfB = FakeClock.advancingOnSleep();
    private final RecordingSleeper clockOfA = new RecordingSleeper();
    private final RecordingSleeper clockOfB = new RecordingSleeper();

    @Test
    void aCoolDownDeclaredInOneProcessHoldsTheStartsOfEveryOther() throws Exception {
        // given two processes on one key at 6,000 RPM
        RedisPacer a = pacer(timeOfA, clockOfA);
        RedisPacer b = pacer(timeOfB, clockOfB);

        // when A gets a 429 and cools down for 500 ms
        a.coolDown(Duration.ofMillis(500));

        // then B sees the hold and the slow-down, and its next start waits for the end of the hold
        assertThat(b.state().heldFor()).isBetween(Duration.ofMillis(300), Duration.ofMillis(500));
        assertThat(b.state().slowdown()).isEqualTo(1.25);
        b.acquire().close();
        clockOfB.assertWaitedOnceBetween(Duration.ofMillis(300), Duration.ofMillis(500));
    }

    @Test
    void successesSeenByAnyProcessTakeBackTheSlowDownForAllDownToTheFloorThe429Left() {
        // given a 429 in process A
        RedisPacer a = pacer(timeOfA, clockOfA);
        RedisPacer b = pacer(timeOfB, clockOfB);
        a.coolDown(Duration.ZERO);
        assertThat(b.state().slowdown()).isEqualTo(1.25);

        // when process B sees four successes
        for (int i = 0; i < 4; i++) {
            b.observe(Signals.ok());
        }

        // then the slow-down is back for A too, to 3 % above the pace that met the 429, probed down 1/4096 a
        // success (as Redis reports it: to the millionth)
        assertThat(a.state().slowdown()).isCloseTo(1.03 - 4.0 / 4096, within(1e-6));
    }

    @Test
    void aSpentWindowSeenByOneProcessHoldsEveryProcessUntilTheReset() throws Exception {
        // given two processes on one key
        RedisPacer a = pacer(timeOfA, clockOfA);
        RedisPacer b = pacer(timeOfB, clockOfB);

        // when A is told nothing remains until the reset in 700 ms
        a.observe(Signals.requestsLeft(0, Duration.ofMillis(700)));

        // then B's next start waits for the reset: one sleep toward it (asking a round trip early), at most one more
        // for what that early ask found left
        b.acquire().close();
        clockOfB.assertWaitedOnceBetween(Duration.ofMillis(500), Duration.ofMillis(700));
    }

    @Test
    void fewRequestsLeftSpreadTheStartsOfEveryProcessOverTheRestOfTheWindow() throws Exception {
        // given two processes on one key at 6,000 RPM (10 ms apart)
        RedisPacer a = pacer(timeOfA, clockOfA);
        RedisPacer b = pacer(timeOfB, clockOfB);

        // when A is told 1 request remains for the next 800 ms (and one more at the reset)
        a.observe(Signals.requestsLeft(1, Duration.ofMillis(800)));

        // then B's next start is about 400 ms away, not 10 ms: one sleep toward it (asking a round trip early), at
        // most one more for the rest of the start that early ask was granted
        b.acquire().close();
        clockOfB.assertWaitedOnceBetween(Duration.ofMillis(250), Duration.ofMillis(400));
    }

    @Test
    void aCoolDownDeclaredWhileARequestWaitsForItsStartPushesThatStartBack() throws Exception {
        // given 600 RPM (100 ms apart), and a 429 arriving in this process while a request waits for its start
        AtomicReference<RedisPacer> self = new AtomicReference<>();
        List<Duration> waits = new ArrayList<>();
        Sleeper coolingDownOnFirstWait = duration -> {
            waits.add(duration);
            if (waits.size() == 1) {
                self.get().coolDown(Duration.ofMillis(300));
            } else {
                SystemSleeper.INSTANCE.sleep(duration);
            }
        };
        RedisPacer pacer = redis.pacer(Tier.custom(600), settings -> settings.withSleeper(coolingDownOnFirstWait));
        self.set(pacer);
        pacer.acquire().close();

        // when the next request waits for its start
        pacer.acquire().close();

        // then it did not start when first due but waited for the end of the cool-down (in one sleep, and at most one
        // more for the rest an early ask found or was granted ahead)
        assertThat(waits).hasSizeBetween(2, 3);
        assertThat(waits.get(0)).isBetween(Duration.ofMillis(50), Duration.ofMillis(102)); // 101.5 ms, rounded up
        assertThat(waits.subList(1, waits.size()).stream().reduce(Duration.ZERO, Duration::plus))
                .isBetween(Duration.ofMillis(200), Duration.ofMillis(300));
    }

    private RedisPacer pacer(FakeClock time, Sleeper sleeper) {
        return redis.pacer(
                Tier.custom(6000), settings -> settings.withTimeSource(time).withSleeper(sleeper));
    }
}
