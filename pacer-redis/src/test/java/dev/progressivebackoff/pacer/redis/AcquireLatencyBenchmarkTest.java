package dev.progressivebackoff.pacer.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class AcquireLatencyBenchmarkTest {

    @Test
    void theBenchmarkReportsPercentilesForTheRedisAndTheLocalPacer() throws Exception {
        // when the benchmark runs briefly against the test Redis
        String report = AcquireLatencyBenchmark.run(8, 50, TestRedis.uri(), TestRedis.uniqueKey("sk-bench"));

        // then it prints p50 and p99 for the Redis pacer, the Bucket4j alternative and the local pacer, and
        // how many Lua scripts each distributed acquire ran (the pacer: exactly one)
        assertThat(report.lines()).hasSize(3);
        assertThat(report)
                .contains(
                        "RedisPacer (Lua script, redis://",
                        "Bucket4j Lettuce backend",
                        "local GcraPacer",
                        "8 workers on one key, 400 acquires",
                        "p50 ",
                        "p99 ");
        Matcher scriptCommands = Pattern.compile("([0-9.]+) Lua scripts run per acquire$")
                .matcher(report.lines().findFirst().orElseThrow());
        assertThat(scriptCommands.find()).as(report).isTrue();
        assertThat(Double.parseDouble(scriptCommands.group(1))).isBetween(1.0, 1.05); // others may share Redis
    }
}
