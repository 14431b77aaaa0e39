package dev.progressivebackoff.pacer.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.progressivebackoff.pacer.redis.internal.PacerScript;
import dev.progressivebackoff.pacer.redis.internal.ScriptReply;
import io.lettuce.core.api.StatefulRedisConnection;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The shared schedule's timing rules, run on the test Redis through the script itself (Redis's clock, one
 * connection): a start granted a lead before it is due counts the next from the expected send; a start due within
 * the asker's horizon is granted ahead, to start when due; a send re-anchors the schedule at the time the sender
 * gives, never later than Redis's now. Intervals of 100 ms make the few microseconds between calls irrelevant.
 */
class PacerScriptTimingTest {

    private static final long INTERVAL = 100_000;
    private static final long LEAD = 5_000;
    private static final long MAX_HOLD = 900_000_000L;

    private final PacerScript script = PacerScript.load();
    private final PacerScript.Target target =
            new PacerScript.Target("pb-test:timing:" + UUID.randomUUID(), INTERVAL, 1, "");

    @Test
    void aStartIsDueOneLeadBeforeTheSpacingAllowsIt() {
        TestRedis.with(TestRedis.uri(), redis -> {
            // given a start just granted (no lead)
            ScriptReply first = ask(redis, 0, 0);

            // when another asks with a lead of 5 ms
            ScriptReply second = ask(redis, LEAD, 0);

            // then it is refused until one interval after the first, less the lead
            assertThat(first.granted()).isTrue();
            assertThat(second.granted()).isFalse();
            assertThat(second.startMicros()).isEqualTo(first.startMicros() + INTERVAL - LEAD);
            return null;
        });
    }

    @Test
    void theNextStartCountsFromWhenTheLeadExpectsTheRequestOnTheWire() {
        TestRedis.with(TestRedis.uri(), redis -> {
            // given a start granted with a lead of 5 ms: its request is expected 5 ms after the grant
            ScriptReply first = ask(redis, LEAD, 0);

            // when another asks without a lead
            ScriptReply second = ask(redis, 0, 0);

            // then the next start is one interval after the expected send, not after the grant
            assertThat(first.granted()).isTrue();
            assertThat(second.startMicros()).isEqualTo(first.startMicros() + LEAD + INTERVAL);
            return null;
        });
    }

    @Test
    void aStartDueWithinTheHorizonIsGrantedAheadToStartWhenDue() {
        TestRedis.with(TestRedis.uri(), redis -> {
            // given a start just granted
            ScriptReply first = ask(redis, 0, 0);

            // when one asks with a horizon of a whole interval, then one without
            ScriptReply ahead = ask(redis, 0, INTERVAL);
            ScriptReply after = ask(redis, 0, 0);

            // then the first is granted the start due next, with the wait until it; the spacing counts from that start
            assertThat(ahead.granted()).isTrue();
            assertThat(ahead.startMicros()).isEqualTo(first.startMicros() + INTERVAL);
            assertThat(ahead.waitMicros()).isBetween(INTERVAL - 50_000, INTERVAL);
            assertThat(ahead.sequence()).isEqualTo(first.sequence() + 1);
            assertThat(after.granted()).isFalse();
            assertThat(after.startMicros()).isEqualTo(first.startMicros() + 2 * INTERVAL);
            return null;
        });
    }

    @Test
    void aStartBeyondTheHorizonIsRefusedAsBefore() {
        TestRedis.with(TestRedis.uri(), redis -> {
            ScriptReply first = ask(redis, 0, 0);

            ScriptReply refused = ask(redis, 0, 10_000);

            assertThat(refused.granted()).isFalse();
            assertThat(refused.startMicros()).isEqualTo(first.startMicros() + INTERVAL);
            return null;
        });
    }

    @Test
    void aSendReAnchorsTheNextStartOneIntervalAfterTheSendTimeGiven() {
        TestRedis.with(TestRedis.uri(), redis -> {
            // given a start granted at t, whose request went on the wire at s >= t (here: Redis's clock read after the
            // grant), told to Redis a round trip later
            ScriptReply first = ask(redis, 0, 0);
            List<String> time = redis.sync().time();
            long sentAt = Long.parseLong(time.get(0)) * 1_000_000L + Long.parseLong(time.get(1));

            // when the sender tells so
            ScriptReply anchored = sent(redis, sentAt);
            ScriptReply next = ask(redis, 0, 0);

            // then the next start is one interval after that send, not after the grant, nor after the later moment
            // the re-anchoring reached Redis
            assertThat(sentAt).isGreaterThanOrEqualTo(first.startMicros());
            assertThat(anchored.startMicros()).isEqualTo(sentAt);
            assertThat(next.startMicros()).isEqualTo(sentAt + INTERVAL);
            return null;
        });
    }

    @Test
    void aSendTimeInRedisFutureOrNoneIsTakenAsNow() {
        TestRedis.with(TestRedis.uri(), redis -> {
            // given a start just granted
            ScriptReply first = ask(redis, 0, 0);

            // when a sender gives a send time a minute ahead of Redis's clock (a clock it misjudged), then none
            ScriptReply future = sent(redis, first.startMicros() + 60_000_000L);
            ScriptReply none = sent(redis, 0);
            ScriptReply next = ask(redis, 0, 0);

            // then both are dated now: the next start is about an interval away, not a minute
            assertThat(future.startMicros()).isBetween(first.startMicros(), first.startMicros() + 50_000);
            assertThat(none.startMicros()).isBetween(future.startMicros(), future.startMicros() + 50_000);
            assertThat(next.startMicros()).isEqualTo(none.startMicros() + INTERVAL);
            return null;
        });
    }

    private ScriptReply ask(StatefulRedisConnection<String, String> redis, long lead, long horizon) {
        PacerScript.Asker asker = new PacerScript.Asker("token-" + UUID.randomUUID(), 0, 0, lead, horizon);
        return script.acquire(redis.sync(), target, asker, MAX_HOLD);
    }

    private ScriptReply sent(StatefulRedisConnection<String, String> redis, long sentMicros) {
        return script.sent(redis.async(), target, sentMicros)
                .toCompletableFuture()
                .join();
    }
}
