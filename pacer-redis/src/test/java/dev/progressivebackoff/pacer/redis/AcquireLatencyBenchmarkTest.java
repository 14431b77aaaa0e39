package dev.progressivebackoff.pacer.redis;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AcquireLatencyBenchmarkTest {

    @Test
    void theBenchmarkReportsPercentilesForTheRedisAndTheLocalPacer() throws Exception {
        // when the benchmark runs briefly against the test Redis
        String report = AcquireLatencyBenchmark.run(8, 50, TestRedis.uri(), TestRedis.uniqueKey("sk-bench"));

        // then it prints p50 and p99 for both pacers
        assertThat(report.lines()).hasSize(2);
        assertThat(report).contains("RedisPacer (redis://", "local GcraPacer", "8 workers on one key, 400 acquires",
                "p50 ", "p99 ");
    }
}
