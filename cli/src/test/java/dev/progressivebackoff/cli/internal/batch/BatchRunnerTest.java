package dev.progressivebackoff.cli.internal.batch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.progressivebackoff.cli.StopSignal;
import dev.progressivebackoff.verification.SimulatedClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BatchRunnerTest {

    @TempDir
    Path dir;

    @Test
    void writesEverySuccessAndEveryFailureExactlyOnce() throws Exception {
        // given a client that fails every third sample
        List<Sample> samples = IntStream.rangeClosed(1, 30)
                .mapToObj(i -> ResultLogTest.sample("s" + i))
                .toList();
        SampleClient client =
                new FakeClient(sample -> Integer.parseInt(sample.key().substring(1)) % 3 == 0);
        ResultLog log = openLog();

        // when
        RunSummary summary =
                new BatchRunner(client, log, 4, counts -> {}, new StopSignal(), new SimulatedClock()).run(samples);
        log.close();

        // then
        assertThat(summary.done()).isEqualTo(20);
        assertThat(summary.failed()).isEqualTo(10);
        assertThat(summary.unfinished()).isZero();
        assertThat(Files.readAllLines(dir.resolve("out.jsonl"))).hasSize(20).doesNotHaveDuplicates();
        assertThat(Files.readAllLines(dir.resolve("failed.jsonl")))
                .hasSize(10)
                .allSatisfy(line -> assertThat(line).contains("\"status\":500"));
    }

    @Test
    void stopsStartingSamplesWhenStoppedAndLeavesTheRestUnfinished() throws Exception {
        // given a client whose second sample blocks until interrupted
        CountDownLatch blocked = new CountDownLatch(1);
        StopSignal stop = new StopSignal();
        SampleClient client = new FakeClient(sample -> false) {
            @Override
            public Completion complete(Sample sample) throws SampleFailedException, InterruptedException {
                if (sample.key().equals("s2")) {
                    blocked.countDown();
                    new CountDownLatch(1).await();
                }
                return super.complete(sample);
            }
        };
        List<Sample> samples = IntStream.rangeClosed(1, 10)
                .mapToObj(i -> ResultLogTest.sample("s" + i))
                .toList();
        ResultLog log = openLog();
        Thread stopper = new Thread(() -> {
            try {
                if (blocked.await(10, TimeUnit.SECONDS)) {
                    stop.trip();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        stopper.start();

        // when
        RunSummary summary = new BatchRunner(client, log, 1, counts -> {}, stop, new SimulatedClock()).run(samples);
        log.close();

        // then
        assertThat(summary.stopped()).isTrue();
        assertThat(summary.done()).isEqualTo(1);
        assertThat(summary.unfinished()).isEqualTo(9);
        assertThat(Files.readAllLines(dir.resolve("out.jsonl")))
                .singleElement()
                .asString()
                .contains("\"s1\"");
        assertThat(Files.readAllLines(dir.resolve("failed.jsonl")))
                .hasSize(9)
                .allSatisfy(line ->
                        assertThat(line).contains("\"not_done\":true").contains("not done: the run was " + "stopped"));
    }

    @Test
    void aSampleThatFinishesAfterTheGracePeriodIsRecordedOnceAsNotDone() throws Exception {
        // given a client that ignores interrupts and answers only when the test lets it
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch answered = new CountDownLatch(1);
        StopSignal stop = new StopSignal();
        SampleClient client = new FakeClient(sample -> false) {
            @Override
            public Completion complete(Sample sample) throws SampleFailedException, InterruptedException {
                started.countDown();
                boolean released = false;
                while (!released) {
                    try {
                        released = release.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException ignoredLikeABlockingSocketRead) {
                        // a read on a socket does not notice an interrupt
                    }
                }
                try {
                    return super.complete(sample);
                } finally {
                    answered.countDown();
                }
            }
        };
        ResultLog log = openLog();
        Thread stopper = new Thread(() -> {
            try {
                if (started.await(10, TimeUnit.SECONDS)) {
                    stop.trip();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        stopper.start();

        // when the run is stopped and its grace period ends before the answer comes
        RunSummary summary = new BatchRunner(
                        client, log, 1, counts -> {}, stop, new SimulatedClock(), Duration.ofMillis(50))
                .run(List.of(ResultLogTest.sample("late")));
        release.countDown();
        assertThat(answered.await(10, TimeUnit.SECONDS)).isTrue();
        log.close();

        // then the late answer is dropped: the sample is in the failures file once, as not done
        assertThat(summary.unfinished()).isEqualTo(1);
        assertThat(Files.readAllLines(dir.resolve("out.jsonl"))).isEmpty();
        assertThat(Files.readAllLines(dir.resolve("failed.jsonl")))
                .singleElement()
                .asString()
                .contains("\"late\"")
                .contains("\"not_done\":true");
    }

    @Test
    void recordsASampleWhoseWorkerDiedAsNotDone() throws Exception {
        // given a client that throws an Error (not an exception) on one sample
        SampleClient client = new FakeClient(sample -> false) {
            @Override
            public Completion complete(Sample sample) throws SampleFailedException, InterruptedException {
                if (sample.key().equals("s2")) {
                    throw new AssertionError("a worker dies");
                }
                return super.complete(sample);
            }
        };
        List<Sample> samples = IntStream.rangeClosed(1, 3)
                .mapToObj(i -> ResultLogTest.sample("s" + i))
                .toList();
        ResultLog log = openLog();

        // when
        RunSummary summary =
                new BatchRunner(client, log, 1, counts -> {}, new StopSignal(), new SimulatedClock()).run(samples);
        log.close();

        // then every sample is accounted for
        assertThat(summary.done() + summary.failed() + summary.unfinished()).isEqualTo(3);
        assertThat(Files.readAllLines(dir.resolve("failed.jsonl")))
                .anySatisfy(line -> assertThat(line).contains("\"s2\"").contains("\"not_done\":true"));
    }

    private ResultLog openLog() throws IOException {
        ResultLog log = ResultLog.open(dir.resolve("out.jsonl"), "out.jsonl", dir.resolve("failed.jsonl"));
        log.startWriting(warning -> {});
        return log;
    }

    /** Answers at once; fails the samples the predicate picks with a 500. */
    private static class FakeClient implements SampleClient {
        private final java.util.function.Predicate<Sample> fails;

        FakeClient(java.util.function.Predicate<Sample> fails) {
            this.fails = fails;
        }

        @Override
        public Completion complete(Sample sample) throws SampleFailedException, InterruptedException {
            if (fails.test(sample)) {
                throw new SampleFailedException("HTTP 500", OptionalInt.of(500), 6, 0);
            }
            return new Completion(
                    "answer " + sample.key(), "m", JsonNodeFactory.instance.objectNode(), 1, Duration.ZERO, 0);
        }

        @Override
        public void close() {}
    }
}
