package dev.progressivebackoff.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.progressivebackoff.core.retry.RetryEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CallScopedListenerTest {

    private static final RetryEvent SUCCEEDED = new RetryEvent.Succeeded(1, Duration.ZERO);

    private final CallScopedListener scoped = new CallScopedListener();

    @Test
    void eventsOutsideAnyCallGoNowhere() {
        scoped.onEvent(SUCCEEDED); // no exception, nobody to tell
    }

    @Test
    void eventsDuringACallGoToItsListenerOnly() {
        List<RetryEvent> heard = new ArrayList<>();

        scoped.within(heard::add, () -> {
            scoped.onEvent(SUCCEEDED);
            return null;
        });
        scoped.onEvent(SUCCEEDED);

        assertThat(heard).containsExactly(SUCCEEDED);
    }

    @Test
    void aNestedCallHasItsOwnListenerAndTheOuterOneIsBackAfter() {
        List<RetryEvent> outer = new ArrayList<>();
        List<RetryEvent> inner = new ArrayList<>();

        scoped.within(outer::add, () -> {
            scoped.within(inner::add, () -> {
                scoped.onEvent(SUCCEEDED);
                return null;
            });
            scoped.onEvent(SUCCEEDED);
            return null;
        });

        assertThat(inner).hasSize(1);
        assertThat(outer).hasSize(1);
    }

    @Test
    void aFailingCallStillLeavesTheScope() {
        List<RetryEvent> heard = new ArrayList<>();

        assertThatThrownBy(() -> scoped.within(heard::add, () -> {
                    throw new IllegalStateException("boom");
                }))
                .hasMessage("boom");
        scoped.onEvent(SUCCEEDED);

        assertThat(heard).isEmpty();
    }

    @Test
    void threadsRunningCallsAtOnceHearOnlyTheirOwnEvents() throws Exception {
        int threads = 8;
        int eventsEach = 1_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Integer>> counts = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int own = t + 1;
                counts.add(pool.submit(() -> {
                    List<RetryEvent> heard = new ArrayList<>();
                    return scoped.within(heard::add, () -> {
                        try {
                            start.await();
                        } catch (InterruptedException e) {
                            throw new IllegalStateException(e);
                        }
                        for (int i = 0; i < eventsEach * own; i++) {
                            scoped.onEvent(SUCCEEDED);
                        }
                        return heard.size();
                    });
                }));
            }
            start.countDown();
            for (int t = 0; t < threads; t++) {
                assertThat(counts.get(t).get(30, TimeUnit.SECONDS)).isEqualTo(eventsEach * (t + 1));
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
