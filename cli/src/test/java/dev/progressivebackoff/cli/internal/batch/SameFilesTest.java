package dev.progressivebackoff.cli.internal.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.progressivebackoff.cli.UsageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SameFilesTest {

    @TempDir
    Path dir;

    @Test
    void aSymbolicLinkAHardLinkAndADotDotPathAreTheSameFile() throws IOException {
        Path file = Files.writeString(dir.resolve("in.jsonl"), "x\n");
        Files.createDirectory(dir.resolve("sub"));

        assertThat(SameFiles.same(Files.createSymbolicLink(dir.resolve("sym"), file), file))
                .isTrue();
        assertThat(SameFiles.same(Files.createLink(dir.resolve("hard"), file), file))
                .isTrue();
        assertThat(SameFiles.same(dir.resolve("sub/../in.jsonl"), file)).isTrue();
        assertThat(SameFiles.same(dir.resolve("other.jsonl"), file)).isFalse();
    }

    @Test
    void filesNotCreatedYetAreComparedByWhereTheyWouldBe() throws IOException {
        Files.createDirectory(dir.resolve("sub"));
        Path dangling = Files.createSymbolicLink(dir.resolve("dangling"), dir.resolve("later.jsonl"));

        assertThat(SameFiles.same(dir.resolve("sub/../new.jsonl"), dir.resolve("new.jsonl")))
                .isTrue();
        assertThat(SameFiles.same(dangling, dir.resolve("later.jsonl"))).isTrue();
    }

    @Test
    void refusesAnOutputThatIsAnInputNamingBothFlags() throws IOException {
        Path input = Files.writeString(dir.resolve("in.jsonl"), "x\n");
        Path link = Files.createSymbolicLink(dir.resolve("failures.jsonl"), input);

        assertThatThrownBy(() -> SameFiles.refuseOverlaps(
                        List.of(new SameFiles.Named("--failures", "failures.jsonl", link)),
                        List.of(new SameFiles.Named("--input", "in.jsonl", input))))
                .isInstanceOf(UsageException.class)
                .hasMessage("--failures: failures.jsonl is the same file as --input in.jsonl; writing it would "
                        + "destroy it, so nothing was done");
        assertThatCode(() -> SameFiles.refuseOverlaps(
                        List.of(new SameFiles.Named("--output", "out.jsonl", dir.resolve("out.jsonl"))),
                        List.of(new SameFiles.Named("--input", "in.jsonl", input))))
                .doesNotThrowAnyException();
    }
}
