package dev.progressivebackoff.cli.internal.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.progressivebackoff.cli.UsageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputLockTest {

    @TempDir
    Path dir;

    @Test
    @SuppressWarnings("try") // the lock is only held
    void aSecondLockOnTheSameOutputFailsAtOnceNamingTheHolder() throws IOException {
        Path out = dir.resolve("out.jsonl");
        try (OutputLock held = OutputLock.acquire(out, "out.jsonl")) {
            assertThat(Files.readString(OutputLock.lockFileOf(out)).strip())
                    .isEqualTo(Long.toString(ProcessHandle.current().pid()));

            assertThatThrownBy(() -> OutputLock.acquire(out, "out.jsonl"))
                    .isInstanceOf(UsageException.class)
                    .hasMessageContaining("out.jsonl is in use by another backoff run (PID "
                            + ProcessHandle.current().pid());
        }
    }

    @Test
    void theLockIsFreeAgainOnceReleased() throws IOException {
        Path out = dir.resolve("out.jsonl");
        OutputLock.acquire(out, "out.jsonl").close();

        try (OutputLock again = OutputLock.acquire(out, "out.jsonl")) {
            assertThat(again).isNotNull();
        }
    }
}
