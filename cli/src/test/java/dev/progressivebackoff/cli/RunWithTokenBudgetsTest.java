package dev.progressivebackoff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.progressivebackoff.simulator.SimulatedProvider;
import dev.progressivebackoff.testsupport.FakeClock;
import dev.progressivebackoff.testsupport.ProviderFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code backoff run} against the simulated provider enforcing small token limits over short windows (the
 * quota's windows, not backoff waits, are shortened so the test runs in seconds of real time).
 */
class RunWithTokenBudgetsTest {

    private static final String KEY = "sk-token-test-0123456789";
    private static final Map<String, String> ENV = Map.of("MOONSHOT_API_KEY", KEY);
    /** About 400 characters: some 100 prompt tokens; the simulated answers add some 60 to 80. */
    private static final String PROMPT = "Explain rate limits in words. ".repeat(13);

    @TempDir
    Path dir;

    @RegisterExtension
    final ProviderFixture providers = new ProviderFixture();

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void pacesByTokensWithoutA429WhenTokensNotRequestsBind() throws IOException {
        // given 2,000 tokens per 6 s window (20,000 TPM) but 60,000 RPM: 30 samples of ~190 tokens need 3 windows
        writePrompts(30);
        SimulatedProvider provider = providers.start(SimulatedProvider.builder()
                .withRpm(60_000)
                .withMaxConcurrency(50)
                .withWindow(Duration.ofSeconds(6))
                .withTokensPerMinute(20_000));

        // when
        long start = System.nanoTime();
        CliHarness.Result result = run(provider, "--tpm", "20000", "--token-window", "6s", "--concurrency", "8");
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        // then every sample is done, nothing met a 429, and the run took the windows the tokens need
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(ids()).hasSize(30).doesNotHaveDuplicates();
        assertThat(provider.stats().rateLimited()).as(result.out()).isZero();
        assertThat(took).isGreaterThan(Duration.ofSeconds(12));
        assertThat(result.out()).contains("paced by TPM at 20 k/min");
    }

    @Test
    void stopsAtTheDailyQuotaTheServerAnnouncesThenResumesAfterItsResetWithEveryIdOnce()
            throws IOException, InterruptedException {
        // given a server allowing 1,000 tokens per (3 s) day, on a clock of its own: about 5 of the 10 samples
        writePrompts(10);
        FakeClock serverClock = FakeClock.advancingOnSleep();
        SimulatedProvider provider = providers.start(SimulatedProvider.builder()
                .withTimeSource(serverClock)
                .withRpm(60_000)
                .withMaxConcurrency(50)
                .withTokensPerDay(1_000)
                .withDayWindow(Duration.ofSeconds(3)));

        // when the run meets the daily cap
        CliHarness.Result first = run(provider, "--concurrency", "1");

        // then it stopped at the one 429 that announced it, listed the rest and said how to resume
        assertThat(first.exitCode()).isEqualTo(1);
        assertThat(provider.stats().rateLimited()).isEqualTo(1);
        assertThat(first.err())
                .contains("Daily quota spent")
                .contains("resets at")
                .contains("Resume after the reset with: backoff run");
        int doneFirst = ids().size();
        assertThat(doneFirst).isBetween(3, 7);
        long requestsFirst = provider.stats().requests();

        // when resumed after the day window (the server's clock moves on; nothing sleeps)
        serverClock.advance(Duration.ofMillis(3_100));
        CliHarness.Result second = run(provider, "--concurrency", "1");

        // then the rest is done, every id exactly once, with one request per remaining sample
        assertThat(second.exitCode()).as(second.err()).isZero();
        assertThat(ids()).hasSize(10).doesNotHaveDuplicates();
        assertThat(provider.stats().requests() - requestsFirst).isEqualTo(10 - doneFirst);
    }

    @Test
    void stopsBeforeSendingWhenTheBudgetPredictsTheDayIsSpent() throws IOException {
        // given a day of 900 tokens known to the client only (the first estimate guesses a long answer)
        writePrompts(10);
        SimulatedProvider provider =
                providers.start(SimulatedProvider.builder().withRpm(60_000).withMaxConcurrency(50));

        // when
        CliHarness.Result result = run(provider, "--tpd", "900", "--concurrency", "1");

        // then no request met a 429: the budget stopped the run before the server had to refuse
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(provider.stats().rateLimited()).isZero();
        assertThat(result.err()).contains("Daily quota spent").contains("resets at");
        assertThat(ids().size()).isBetween(2, 6);
        assertThat(provider.stats().completions()).isEqualTo(ids().size());
    }

    private CliHarness.Result run(SimulatedProvider provider, String... extra) {
        List<String> args = new ArrayList<>(List.of(
                "run",
                "--input",
                "in.jsonl",
                "--output",
                "out.jsonl",
                "--endpoint",
                provider.baseUri().toString(),
                "--tier",
                "tier1",
                "--rpm",
                "60000",
                "--skip-tier-detection",
                "--skip-health-check"));
        args.addAll(List.of(extra));
        return new CliHarness(ENV, dir).run(args.toArray(String[]::new));
    }

    private void writePrompts(int count) throws IOException {
        List<String> lines = new ArrayList<>();
        IntStream.rangeClosed(1, count)
                .forEach(i -> lines.add("{\"id\":\"s" + i + "\",\"prompt\":\"" + i + " " + PROMPT + "\"}"));
        Files.write(dir.resolve("in.jsonl"), lines);
    }

    private List<String> ids() throws IOException {
        Path out = dir.resolve("out.jsonl");
        if (!Files.exists(out)) {
            return List.of();
        }
        List<String> ids = new ArrayList<>();
        for (String line : Files.readAllLines(out)) {
            ids.add(json.readTree(line).get("id").asText());
        }
        return ids;
    }
}
