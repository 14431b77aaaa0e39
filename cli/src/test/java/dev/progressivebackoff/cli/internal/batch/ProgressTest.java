package dev.progressivebackoff.cli.internal.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ProgressTest {

    @Test
    void printsAboutTenPlainLinesWithCountsAndEta() {
        // given
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ProgressLines progress = new ProgressLines(new PrintStream(err, true, StandardCharsets.UTF_8));

        // when forty samples finish, one second apart, every fourth rate-limited once
        for (int i = 1; i <= 40; i++) {
            progress.update(new RunCounts(40, i - i / 20, i / 20, i / 4, Duration.ofSeconds(i)));
        }
        progress.close();

        // then
        String[] lines = err.toString(StandardCharsets.UTF_8).split("\n");
        assertThat(lines).hasSize(10);
        assertThat(lines[0]).isEqualTo("progress: 4/40 (10%), 4 done, 0 failed, 1 rate-limited, ETA ~36 s");
        assertThat(lines[9]).isEqualTo("progress: 40/40 (100%), 38 done, 2 failed, 10 rate-limited, ETA ~0 ms");
    }

    @Test
    void drawsABarWithTheCountsOnTheGivenStream() {
        // given
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ProgressBarDisplay bar = new ProgressBarDisplay(new PrintStream(err, true, StandardCharsets.UTF_8), 10);

        // when
        bar.update(new RunCounts(10, 9, 1, 3, Duration.ofSeconds(2)));
        bar.close();

        // then
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("run")
                .contains("10/10")
                .contains("9 done, 1 failed, 3 rate-limited");
    }

    @Test
    void estimatesTheRemainingTimeFromThePaceSoFar() {
        assertThat(new RunCounts(10, 2, 0, 0, Duration.ofSeconds(4)).eta()).contains(Duration.ofSeconds(16));
        assertThat(new RunCounts(10, 0, 0, 0, Duration.ofSeconds(4)).eta()).isEmpty();
    }

    @Test
    void boundsTheRemainingTimeByTheRemainingTokensWhenTokensBind() {
        // given 10 of 100 samples done in 1 s (a window's first burst), 1,000 tokens each, at 60,000 TPM
        RunCounts counts = new RunCounts(100, 10, 0, 0, Duration.ofSeconds(1), 10_000);

        // then 90 × 1,000 tokens need 90 s at the TPM, far more than the pace so far says (9 s)
        assertThat(counts.eta()).contains(Duration.ofSeconds(9));
        assertThat(counts.eta(OptionalLong.of(60_000))).contains(Duration.ofSeconds(90));
        // a generous TPM leaves the pace so far, and no TPM or no usage changes nothing
        assertThat(counts.eta(OptionalLong.of(6_000_000))).contains(Duration.ofSeconds(9));
        assertThat(counts.eta(OptionalLong.empty())).contains(Duration.ofSeconds(9));
        assertThat(new RunCounts(100, 10, 0, 0, Duration.ofSeconds(1)).eta(OptionalLong.of(60_000)))
                .contains(Duration.ofSeconds(9));
    }

    @Test
    void printsTheTokenBoundEtaInTheProgressLine() {
        assertThat(ProgressLines.line(
                        new RunCounts(100, 10, 0, 0, Duration.ofSeconds(1), 10_000), OptionalLong.of(60_000)))
                .isEqualTo("progress: 10/100 (10%), 10 done, 0 failed, 0 rate-limited, ETA ~90 s");
    }
}
