package dev.progressivebackoff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The real command line against a real, third-party rate limiter: nginx {@code limit_req} at 600 requests per
 * minute per key, no burst (one request per 100 ms), started on loopback by {@code bench/judges/judge.sh}. What
 * counts is nginx's own access log, not what the client reports: every request admitted, at most one 429 in
 * ten (a reactive client meets one on more than every second request here; a CI machine's scheduling can put a
 * start a few milliseconds late on nginx's clock, and the one after it then arrives early). No
 * timing assertion (a loaded machine only slows the client down). Needs nginx ({@code nginx-light}), so it is
 * tagged {@code judges}: {@code mvn -B verify -Pjudges} runs it, the default build does not.
 */
@Tag("judges")
class NginxJudgeTest {

    private static final int RPM = 600;
    private static final int REQUESTS = 30;

    private LoopbackJudge judge;

    @AfterEach
    void stopJudge() {
        if (judge != null) {
            judge.stop();
        }
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES) // the first start may apt-get nginx-light
    void pacedBenchIsAdmittedByNginxLimitReqWithAtMostOne429InTen() {
        // given nginx limit_req at 1,200 r/m per Authorization header, no burst
        judge = LoopbackJudge.start("nginx", RPM);

        // when the real CLI runs its paced strategy against it (a fresh key, X-Bench-Run: paced)
        CliHarness.Result result = CliHarness.plain()
                .run(
                        "bench",
                        "--endpoint",
                        judge.url(),
                        "--rpm",
                        Integer.toString(RPM),
                        "--requests",
                        Integer.toString(REQUESTS),
                        "--concurrency",
                        "4",
                        "--strategies",
                        "paced",
                        "--format",
                        "json");
        // stopped before reading: once nginx has exited, every request it answered is in its log
        judge.stop();

        // then nginx's own log holds every request, all admitted, and at most one 429 in ten under the same label
        Map<String, Long> counts = judge.countsByLabelAndStatus();
        String seen = "nginx logged (label status: count) " + counts + " in " + judge.dir() + "; the client said:\n"
                + result.out() + result.err();
        assertThat(counts).as(seen).containsEntry("paced 200", (long) REQUESTS);
        assertThat(counts.getOrDefault("paced 429", 0L)).as(seen).isLessThanOrEqualTo(REQUESTS / 10L);
        assertThat(counts.keySet()).as(seen).isSubsetOf("paced 200", "paced 429");

        // and the client finished without an error and printed no key
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out() + result.err()).doesNotContain("sk-bench");
    }
}
