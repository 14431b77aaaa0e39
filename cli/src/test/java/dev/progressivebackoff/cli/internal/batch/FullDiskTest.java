package dev.progressivebackoff.cli.internal.batch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.progressivebackoff.cli.StopSignal;
import dev.progressivebackoff.verification.SimulatedClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Item 9 of issue 15: a write that fails as on a full disk loses no sample and leaves no half line. */
class FullDiskTest {

    @TempDir
    Path dir;

    @Test
    void aResultThatCannotBeWrittenStopsTheRunAndItsSampleStaysNotDone() throws Exception {
        // given an output whose third line meets a full disk after half of it was written
        ResultLog log = openLog(new FailingOpener("out.jsonl", 3));
        AtomicInteger sent = new AtomicInteger();
        SampleClient client = client(sample -> {
            sent.incrementAndGet();
            return answer();
        });

        // when
        RunSummary summary =
                new BatchRunner(client, log, 1, counts -> {}, new StopSignal(), new SimulatedClock()).run(samples(10));
        log.close();

        // then no new sample started, the output holds two whole lines, and s3 and the rest are listed not done
        assertThat(sent).hasValue(3);
        assertThat(summary.done()).isEqualTo(2);
        assertThat(summary.unfinished()).isEqualTo(8);
        assertThat(summary.cannotWrite())
                .hasValueSatisfying(why -> assertThat(why).contains("out.jsonl").contains("No space left on device"));
        assertThat(Files.readString(dir.resolve("out.jsonl")))
                .endsWith("}\n")
                .doesNotContain("\"s3\"")
                .hasLineCount(2);
        assertThat(Files.readAllLines(dir.resolve("failed.jsonl")))
                .hasSize(8)
                .allSatisfy(
                        line -> assertThat(line).contains("\"not_done\":true").contains("could not be written"))
                .anySatisfy(line -> assertThat(line).contains("\"s3\""));
        assertThat(ResultLog.open(dir.resolve("out.jsonl"), "out.jsonl", dir.resolve("failed.jsonl"))
                        .isDone(ResultLogTest.sample("s3")))
                .isFalse();
    }

    @Test
    void aFailureLineThatCannotBeWrittenStopsTheRunAndTheSampleIsNotRecordedAsDone() throws Exception {
        // given a failures file on a full disk, and a server that fails s2
        ResultLog log = openLog(new FailingOpener("failed.jsonl", 1));
        SampleClient client = client(sample -> {
            if (sample.key().equals("s2")) {
                throw new SampleFailedException("HTTP 400: bad request", OptionalInt.of(400), 1, 0);
            }
            return answer();
        });

        // when
        RunSummary summary =
                new BatchRunner(client, log, 1, counts -> {}, new StopSignal(), new SimulatedClock()).run(samples(5));
        log.close();

        // then s1 is done, s2 and the rest are not done (a resume runs them), none is counted as failed
        assertThat(summary.done()).isEqualTo(1);
        assertThat(summary.failed()).isZero();
        assertThat(summary.unfinished()).isEqualTo(4);
        assertThat(summary.cannotWrite()).isPresent();
        assertThat(Files.readAllLines(dir.resolve("out.jsonl")))
                .singleElement()
                .asString()
                .contains("\"s1\"");
        assertThat(Files.readString(dir.resolve("failed.jsonl"))).isEmpty();
    }

    @Test
    void aWriteThatFailsAndCannotBeCutBackWritesNothingMoreToThatFile() throws Exception {
        // given an output that refuses both the second line and cutting the half line back
        FailingOpener opener = new FailingOpener("out.jsonl", 2);
        opener.truncateFails = true;
        ResultLog log = openLog(opener);
        Completion completion = answer();

        // when
        log.success(ResultLogTest.sample("a"), completion);
        Throwable second = catchWrite(() -> log.success(ResultLogTest.sample("b"), completion));
        Throwable third = catchWrite(() -> log.success(ResultLogTest.sample("c"), completion));
        log.close();

        // then the half line is left alone (the next run cuts it off) and nothing is glued to it
        assertThat(second).hasMessageContaining("No space left on device");
        assertThat(third).hasMessageContaining("nothing more written");
        assertThat(log.isRecorded(ResultLogTest.sample("b"))).isFalse();
        assertThat(Files.readString(dir.resolve("out.jsonl"))).doesNotContain("\"c\"");
        List<String> warnings = new java.util.ArrayList<>();
        ResultLog resumed = ResultLog.open(dir.resolve("out.jsonl"), "out.jsonl", dir.resolve("failed.jsonl"));
        resumed.startWriting(warnings::add);
        resumed.close();
        assertThat(warnings).singleElement().asString().contains("removed a truncated last line");
        assertThat(Files.readAllLines(dir.resolve("out.jsonl")))
                .singleElement()
                .asString()
                .contains("\"a\"");
    }

    private static Throwable catchWrite(Runnable write) {
        try {
            write.run();
            return null;
        } catch (RuntimeException failed) {
            return failed;
        }
    }

    private ResultLog openLog(LineSink.Opener opener) throws IOException {
        ResultLog log = ResultLog.open(dir.resolve("out.jsonl"), "out.jsonl", dir.resolve("failed.jsonl"), opener);
        log.startWriting(warning -> {});
        return log;
    }

    private static List<Sample> samples(int count) {
        return IntStream.rangeClosed(1, count)
                .mapToObj(i -> ResultLogTest.sample("s" + i))
                .toList();
    }

    /** How one sample is answered. */
    private interface Answer {
        Completion complete(Sample sample) throws SampleFailedException;
    }

    private static SampleClient client(Answer answer) {
        return new SampleClient() {
            @Override
            public Completion complete(Sample sample) throws SampleFailedException {
                return answer.complete(sample);
            }

            @Override
            public void close() {}
        };
    }

    private static Completion answer() {
        return new Completion("Hello", "m", JsonNodeFactory.instance.objectNode(), 1, Duration.ZERO, 0);
    }

    /** Real files, except that one file's n-th write writes half its bytes and then fails as a full disk does. */
    private static final class FailingOpener implements LineSink.Opener {
        private final String fileName;
        private final int failingWrite;
        boolean truncateFails;

        FailingOpener(String fileName, int failingWrite) {
            this.fileName = fileName;
            this.failingWrite = failingWrite;
        }

        @Override
        public LineSink open(Path file, boolean append) throws IOException {
            LineSink real = LineSink.FILES.open(file, append);
            if (!file.getFileName().toString().equals(fileName)) {
                return real;
            }
            AtomicInteger writes = new AtomicInteger();
            return new LineSink() {
                @Override
                public long size() throws IOException {
                    return real.size();
                }

                @Override
                public void write(byte[] bytes) throws IOException {
                    if (writes.incrementAndGet() >= failingWrite) {
                        real.write(Arrays.copyOf(bytes, bytes.length / 2));
                        throw new IOException("No space left on device");
                    }
                    real.write(bytes);
                }

                @Override
                public void truncate(long size) throws IOException {
                    if (truncateFails) {
                        throw new IOException("Input/output error");
                    }
                    real.truncate(size);
                }

                @Override
                public void sync() throws IOException {
                    real.sync();
                }

                @Override
                public void close() throws IOException {
                    real.close();
                }
            };
        }
    }
}
