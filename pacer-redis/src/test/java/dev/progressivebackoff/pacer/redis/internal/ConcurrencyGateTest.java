package dev.progressivebackoff.pacer.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.progressivebackoff.testsupport.Eventually;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class ConcurrencyGateTest {

    @Test
    void lettingOneInWakesTheCallersInTheOrderTheyCame() throws Exception {
        // given a full gate of one, and three callers queued one after the other
        ConcurrencyGate gate = new ConcurrencyGate(1);
        gate.enter();
        List<Integer> order = new ArrayList<>();
        ExecutorService callers = Executors.newFixedThreadPool(3);
        List<Future<?>> done = new ArrayList<>();
        for (int caller = 0; caller < 3; caller++) {
            int id = caller;
            done.add(callers.submit(() -> {
                gate.enter();
                synchronized (order) {
                    order.add(id);
                }
                gate.leave();
                return null;
            }));
            int queued = caller + 1;
            Eventually.holds(() -> gate.waiting() == queued);
        }

        // when the slot is given back
        gate.leave();

        // then they went through first come, first served
        for (Future<?> caller : done) {
            caller.get();
        }
        assertThat(order).containsExactly(0, 1, 2);
        assertThat(gate.inFlight()).isZero();
        callers.shutdown();
    }

    @Test
    void growingTheLimitLetsWaitingCallersIn() throws Exception {
        // given a full gate of one and a waiting caller
        ConcurrencyGate gate = new ConcurrencyGate(1);
        gate.enter();
        ExecutorService caller = Executors.newSingleThreadExecutor();
        Future<?> second = caller.submit(() -> {
            gate.enter();
            return null;
        });
        Eventually.holds(() -> gate.waiting() == 1);

        // when the limit grows to two, then it gets in
        gate.resize(2);
        second.get();
        assertThat(gate.inFlight()).isEqualTo(2);
        caller.shutdown();
    }

    @Test
    void anInterruptedCallerLeavesTheQueueHoldingNothing() throws Exception {
        // given a full gate and a queued caller
        ConcurrencyGate gate = new ConcurrencyGate(1);
        gate.enter();
        ExecutorService caller = Executors.newSingleThreadExecutor();
        Future<?> waiting = caller.submit(() -> {
            gate.enter();
            return null;
        });
        Eventually.holds(() -> gate.waiting() == 1);

        // when it is interrupted
        waiting.cancel(true);
        Eventually.holds(() -> gate.waiting() == 0);

        // then nothing is held for it
        assertThat(gate.inFlight()).isEqualTo(1);
        caller.shutdown();
    }

    @Test
    void aLimitBelowOneIsRefused() {
        assertThatThrownBy(() -> new ConcurrencyGate(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
