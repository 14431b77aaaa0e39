package dev.progressivebackoff.pacer.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.progressivebackoff.core.Tier;
import dev.progressivebackoff.pacing.Permit;
import dev.progressivebackoff.testsupport.Eventually;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link RedisPacer#acquireAsync}: starts spaced on Redis's clock and the in-flight cap kept, no caller blocked. */
class RedisPacerAsyncTest {

    @RegisterExtension
    final RedisPacerFixture redis = new RedisPacerFixture("sk-async");

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stopScheduler() {
        scheduler.shutdownNow();
    }

    @Test
    void asynchronousStartsOfTwoProcessesAreSpacedOnRedisTime() throws Exception {
        // given two "processes" at 6,000 RPM (one start per 10 ms)
        RedisPacer first = redis.pacer(Tier.custom(6000));
        RedisPacer second = redis.pacer(Tier.custom(6000));
        List<CompletableFuture<Permit>> permits = new ArrayList<>();

        // when each asks for ten starts at once, from this one thread
        for (int i = 0; i < 10; i++) {
            permits.add(first.acquireAsync(0, scheduler));
            permits.add(second.acquireAsync(0, scheduler));
        }
        CompletableFuture.allOf(permits.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);

        // then Redis gave twenty distinct starts, at least 10 ms apart on its clock
        List<Instant> starts = new ArrayList<>();
        for (CompletableFuture<Permit> permit : permits) {
            RedisPermit granted = (RedisPermit) permit.join();
            assertThat(granted.coordinated()).isTrue();
            starts.add(granted.scheduledStart().orElseThrow());
            granted.close();
        }
        starts.sort(null);
        assertThat(starts).hasSize(20).doesNotHaveDuplicates();
        for (int i = 1; i < starts.size(); i++) {
            assertThat(Duration.between(starts.get(i - 1), starts.get(i)))
                    .as("gap before start %d", i)
                    .isGreaterThanOrEqualTo(Duration.ofMillis(10));
        }
    }

    @Test
    void anAsynchronousCallerWaitsForTheInFlightCapAndStartsWhenASlotIsFreed() throws Exception {
        // given one request allowed in flight, and taken
        RedisPacer pacer = redis.pacer(Tier.of("one", 60_000, 1));
        Permit holder = pacer.acquireAsync(0, scheduler).get(10, TimeUnit.SECONDS);

        // when another asks
        CompletableFuture<Permit> next = pacer.acquireAsync(0, scheduler);
        Eventually.until(() -> pacer.state().waiting() == 1, () -> "the second caller waits for a slot");

        // then it waits until the slot is freed
        assertThat(next).isNotDone();
        holder.close();
        Permit started = next.get(10, TimeUnit.SECONDS);
        assertThat(pacer.state().inFlight()).isEqualTo(1);
        started.close();
        assertThat(pacer.state().inFlight()).isZero();
    }

    @Test
    void cancellingAWaitingCallerFreesItsPlace() throws Exception {
        // given one slot, taken, and a caller waiting for it
        RedisPacer pacer = redis.pacer(Tier.of("one", 60_000, 1));
        Permit holder = pacer.acquireAsync(0, scheduler).get(10, TimeUnit.SECONDS);
        CompletableFuture<Permit> cancelled = pacer.acquireAsync(0, scheduler);
        Eventually.until(() -> pacer.state().waiting() == 1, () -> "the caller waits for a slot");

        // when it is cancelled and the slot freed
        assertThat(cancelled.cancel(true)).isTrue();
        Eventually.until(() -> pacer.state().waiting() == 0, () -> "the cancelled caller left the queue");
        holder.close();

        // then nothing is held, and a later caller starts
        assertThat(pacer.state().inFlight()).isZero();
        Permit later = pacer.acquireAsync(0, scheduler).get(10, TimeUnit.SECONDS);
        assertThat(pacer.state().inFlight()).isEqualTo(1);
        later.close();
    }
}
