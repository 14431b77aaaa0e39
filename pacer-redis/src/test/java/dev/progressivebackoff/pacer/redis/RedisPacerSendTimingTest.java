package dev.progressivebackoff.pacer.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.progressivebackoff.core.Tier;
import dev.progressivebackoff.pacer.redis.internal.RedisDownException;
import dev.progressivebackoff.testsupport.RedisServerProcess;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * When a process's requests reach the wire, as the Redis pacer learns and tells it: the re-anchoring of the
 * schedule at a late send goes to Redis without holding the request back; a start granted ahead of its time is
 * handed over only once it is due; the least delay a process recently took from grant to send is the lead its
 * next starts are granted by.
 */
class RedisPacerSendTimingTest {

    @RegisterExtension
    final RedisPacerFixture redis = new RedisPacerFixture("sk-send-timing");

    @Test
    void aLateSendIsToldToRedisWithoutWaitingForItsReply() throws Exception {
        // given a process whose first request is granted, and Redis then paused (all clients) for a second
        RedisPacer pacer = redis.pacer(Tier.custom(600), settings -> settings.withSleeper(new RecordingSleeper()));
        RedisPermit permit = pacer.acquire();
        TestRedis.with(redis.uri(), connection -> connection.sync().clientPause(1000));

        // when its request goes on the wire (a first send always re-anchors the schedule)
        permit.markSent();

        // then the call returned while Redis could not yet have answered, and the re-anchoring lands afterwards
        assertThat(permit.reanchored()).isNotDone();
        permit.reanchored().join();
        permit.close();
    }

    @Test
    void aReAnchoringThatFindsRedisGoneReportsTheOutage() throws Exception {
        // given a start granted through a Redis that then stops
        RedisServerProcess server = redis.closeAfterTest(RedisServerProcess.start());
        RedisPacer pacer = redis.connect(RedisPacers.builder(server.uri())
                        .withTimeout(Duration.ofSeconds(1))
                        .withSleeper(new RecordingSleeper()))
                .pacerFor(redis.key(), Tier.custom(600));
        RedisPermit permit = pacer.acquire();
        server.stop();

        // when its request goes on the wire
        permit.markSent();

        // then the re-anchoring fails as Redis being down, and the pacer knows it
        assertThatThrownBy(() -> permit.reanchored().join())
                .isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(RedisDownException.class);
        assertThat(pacer.isCoordinated()).isFalse();
        permit.close();
    }

    @Test
    void aStartIsNeverHandedOverBeforeItIsDueOnRedisClock() throws Exception {
        // given one process at 6,000 RPM (10 ms apart), whose waiting caller asks a round trip ahead and may be
        // granted its start before it is due
        RedisPacer pacer = redis.pacer(Tier.custom(6000), settings -> settings.withSleeper(new RecordingSleeper()));

        // when it starts 20 times, reading Redis's clock as soon as each permit is handed over
        List<Instant[]> startsAndHandOvers = TestRedis.with(redis.uri(), clock -> {
            List<Instant[]> seen = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                try (RedisPermit permit = pacer.acquire()) {
                    List<String> time = clock.sync().time();
                    seen.add(new Instant[] {permit.scheduledStart().orElseThrow(), redisInstant(time)});
                    permit.markSent();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }
            return seen;
        });

        // then no permit came before its start
        assertThat(startsAndHandOvers).allSatisfy(pair -> assertThat(pair[1]).isAfterOrEqualTo(pair[0]));
    }

    @Test
    void theLeastRecentSendDelayBecomesTheLeadOfTheNextStartsOnceSixteenWereSeen() throws Exception {
        // given a process at 1,200 RPM (50 ms apart) whose sends each leave 4 ms after their start (a slow sender)
        List<Long> leads = leadsOf(20, 4);

        // then the first send (a cold one) and the next sixteen taught no lead yet; from then on the lead is the least
        // of those delays: the 4 ms and what the sending itself took, within the 5 ms a lead may be at most
        assertThat(leads.subList(0, 17)).containsOnly(0L);
        assertThat(leads.subList(17, 20))
                .allSatisfy(lead -> assertThat(lead).isBetween(4_000_000L, RedisPacer.MAX_LEAD_NANOS));
    }

    @Test
    void theLeadIsAtMostFiveMilliseconds() throws Exception {
        // given sends 20 ms late
        List<Long> leads = leadsOf(18, 20);

        // then the last start was granted 5 ms early, not 20
        assertThat(leads.get(17)).isEqualTo(RedisPacer.MAX_LEAD_NANOS);
    }

    /** The lead of each of {@code starts} starts of one process at 1,200 RPM, each sent {@code lateMillis} after it. */
    private List<Long> leadsOf(int starts, long lateMillis) throws InterruptedException {
        RedisPacer pacer = redis.pacer(Tier.custom(1200), settings -> settings.withSleeper(new RecordingSleeper()));
        List<Long> leads = new ArrayList<>();
        for (int i = 0; i < starts; i++) {
            try (RedisPermit permit = pacer.acquire()) {
                leads.add(permit.leadNanos());
                Thread.sleep(lateMillis); // Redis keeps its own clock: a late send takes real time
                permit.markSent();
            }
        }
        return leads;
    }

    private static Instant redisInstant(List<String> time) {
        return Instant.ofEpochSecond(Long.parseLong(time.get(0)), Long.parseLong(time.get(1)) * 1000L);
    }
}
