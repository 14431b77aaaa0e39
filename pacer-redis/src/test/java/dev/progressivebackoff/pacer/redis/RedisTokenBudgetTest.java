package dev.progressivebackoff.pacer.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.progressivebackoff.core.Sleeper;
import dev.progressivebackoff.core.Tier;
import dev.progressivebackoff.pacing.DailyQuotaExhaustedException;
import dev.progressivebackoff.pacing.TokenBudgetExceededException;
import dev.progressivebackoff.testsupport.Signals;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The token budget shared through Redis: reservation, settlement, header correction, oversize, two processes. */
class RedisTokenBudgetTest {

    @RegisterExtension
    final RedisPacerFixture redis = new RedisPacerFixture("sk-tokens");

    /** 60,000 tokens per minute counted over a minute, requests far from binding. */
    private static final Tier TPM_60K =
            Tier.custom(600_000).withTokenLimits(OptionalLong.of(60_000), OptionalLong.empty());

    @Test
    void tokensReservedInOneProcessMakeTheOtherWaitForTheWindowAndNothingIsLeftReserved() throws Exception {
        // given process A holds 40,000 of the minute's 60,000 tokens
        StoppingSleeper sleepsOfB = new StoppingSleeper();
        RedisPacer a = pacer(NEVER);
        RedisPacer b = pacer(sleepsOfB);
        a.acquire(40_000).close();

        // when B asks for 30,000
        assertThatThrownBy(() -> b.acquire(30_000)).isInstanceOf(InterruptedException.class);

        // then B was told to wait for A's reservation to leave the window (a minute plus the 1 ms + 0.5 % margin),
        // and reserved nothing
        assertThat(sleepsOfB.asked.get(0)).isBetween(Duration.ofSeconds(58), Duration.ofMillis(60_301));
        assertThat(sleepsOfB.asked).hasSize(1);
        assertThat(redis.pacer(TPM_60K).acquire(20_000).reservation()).isPositive();
    }

    @Test
    void aSettledReservationFreesWhatItDidNotUseForEveryProcess() throws Exception {
        // given A reserved 40,000 and its usage says 10,000
        StoppingSleeper sleepsOfB = new StoppingSleeper();
        RedisPacer a = pacer(NEVER);
        RedisPacer b = pacer(sleepsOfB);
        try (RedisPermit permit = a.acquire(40_000)) {
            permit.markSent();
            permit.settle(10_000);
        }

        // when B asks for 50,000, then 1 more
        b.acquire(50_000).close();

        // then the 50,000 fit at once, and the next token does not
        assertThat(sleepsOfB.asked).isEmpty();
        assertThatThrownBy(() -> b.acquire(1)).isInstanceOf(InterruptedException.class);
    }

    @Test
    void aServerCountingMoreThanTheLogHoldsEveryProcessUntilItsReset() throws Exception {
        // given nothing reserved, but the server says 10,000 remain for 20 s more
        StoppingSleeper sleepsOfB = new StoppingSleeper();
        RedisPacer a = pacer(NEVER);
        RedisPacer b = pacer(sleepsOfB);
        a.observe(Signals.tokensLeft(10_000, Duration.ofSeconds(20)));

        // when B asks for 10,000 (fits), then 1 more (does not)
        b.acquire(10_000).close();
        assertThatThrownBy(() -> b.acquire(1)).isInstanceOf(InterruptedException.class);

        // then B waits for the server's reset, not for its own reservation to leave the minute
        assertThat(sleepsOfB.asked)
                .singleElement()
                .satisfies(wait -> assertThat(wait).isBetween(Duration.ofSeconds(18), Duration.ofSeconds(20)));
    }

    @Test
    void aRequestLargerThanTheWholeWindowAndASpentDayFailAtOnce() {
        RedisPacer a = pacer(NEVER);

        assertThatThrownBy(() -> a.acquire(60_001))
                .isInstanceOf(TokenBudgetExceededException.class)
                .hasMessageContaining("60000");
        a.dailyQuotaSpent(Duration.ofHours(3), "test: TPD spent");
        assertThatThrownBy(() -> a.acquire(10))
                .isInstanceOf(DailyQuotaExhaustedException.class)
                .hasMessageContaining("TPD spent");
        assertThat(a.state().inFlight()).isZero();
    }

    @Test
    void twoProcessesTogetherNeverStartMoreThanTheWindowsTokens() throws Exception {
        // given two processes sharing 2,000 tokens per 200 ms window (600,000 TPM), four workers each
        Tier tier = Tier.custom(600_000).withTokenLimits(OptionalLong.of(600_000), OptionalLong.empty());
        List<RedisPacer> processes = List.of(
                redis.pacer(tier, b -> b.withTokenWindow(Duration.ofMillis(200))),
                redis.pacer(tier, b -> b.withTokenWindow(Duration.ofMillis(200))));
        List<long[]> sends = new CopyOnWriteArrayList<>();
        AtomicInteger left = new AtomicInteger(24);

        // when 24 requests of 500 tokens go through them, each sent as soon as granted
        List<Thread> workers = new ArrayList<>();
        for (int w = 0; w < 8; w++) {
            RedisPacer pacer = processes.get(w % 2);
            Thread worker = new Thread(() -> {
                while (left.getAndDecrement() > 0) {
                    try (RedisPermit permit = pacer.acquire(500)) {
                        permit.markSent();
                        sends.add(new long[] {System.nanoTime(), 500});
                        permit.settle(500);
                    } catch (InterruptedException interrupted) {
                        return;
                    }
                }
            });
            worker.start();
            workers.add(worker);
        }
        for (Thread worker : workers) {
            worker.join(20_000);
        }

        // then all were sent, and no 190 ms saw more than 2,000 tokens sent (the sends are timed on this JVM's
        // clock as markSent returns, up to a loaded machine's few milliseconds after the script's clock read
        // them: 10 ms of the 200 ms window are left to that)
        assertThat(sends).hasSize(24);
        for (long[] first : sends) {
            long inWindow = sends.stream()
                    .filter(s -> s[0] >= first[0] && s[0] < first[0] + 190_000_000L)
                    .mapToLong(s -> s[1])
                    .sum();
            assertThat(inWindow).isLessThanOrEqualTo(2_000);
        }
    }

    /** A process that must never wait. */
    private static final Sleeper NEVER = duration -> {
        throw new AssertionError("unexpected wait of " + duration);
    };

    private RedisPacer pacer(Sleeper sleeper) {
        // a recheck interval longer than any wait: the one sleep asked for is the whole wait
        return redis.pacer(TPM_60K, b -> b.withSleeper(sleeper).withRecheckInterval(Duration.ofMinutes(5)));
    }

    /** Records the first wait asked for, then interrupts the waiter: the test reads the wait, not the time. */
    private static final class StoppingSleeper implements Sleeper {
        final List<Duration> asked = new CopyOnWriteArrayList<>();

        @Override
        public void sleep(Duration duration) throws InterruptedException {
            asked.add(duration);
            throw new InterruptedException("the test stops here");
        }
    }
}
