package dev.progressivebackoff.verification.endtoend;

import static org.assertj.core.api.Assertions.assertThat;

import dev.progressivebackoff.client.ClientSettings;
import dev.progressivebackoff.client.RateLimitSettings;
import dev.progressivebackoff.core.TierCatalog;
import dev.progressivebackoff.core.retry.RetriesExhaustedException;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class EndToEndReplayTest {

    private static final TierCatalog MOONSHOT = TierCatalog.moonshot();

    @Test
    void theFreeTierReplaysTheDocumentedScheduleAgainstARealAlways429Server() {
        // when
        EndToEndReport report = EndToEndReplay.builder()
                .withTier(MOONSHOT.require("free"))
                .build()
                .run();

        // then
        assertThat(report.requestsReceived()).isEqualTo(7);
        assertThat(report.requests()).isEqualTo(Collections.nCopies(7, "POST /v1/chat/completions"));
        assertThat(report.waits())
                .containsExactly(seconds(20), seconds(40), seconds(80), seconds(160), seconds(320), seconds(640));
        assertThat(report.totalWait()).isEqualTo(seconds(1260));
        assertThat(report.virtualTime()).isEqualTo(seconds(1260));
        assertThat(report.failure()).hasValue(RetriesExhaustedException.MESSAGE);
        assertThat(report.logLines())
                .containsExactly(
                        "[TeacherClient] Rate limited (429), waiting 20.0s before retry 1/6 (tier: free, base: 20.0s)",
                        "[TeacherClient] Rate limited (429), waiting 40.0s before retry 2/6 (tier: free, base: 20.0s)",
                        "[TeacherClient] Rate limited (429), waiting 80.0s before retry 3/6 (tier: free, base: 20.0s)",
                        "[TeacherClient] Rate limited (429), waiting 160.0s before retry 4/6 (tier: free, base: 20.0s)",
                        "[TeacherClient] Rate limited (429), waiting 320.0s before retry 5/6 (tier: free, base: 20.0s)",
                        "[TeacherClient] Rate limited (429), waiting 640.0s before retry 6/6 (tier: free, base: 20.0s)",
                        "[TeacherClient] Gave up after 7 attempts: Max retries exceeded (after proper tier-aware backoff)");
    }

    @Test
    void tier1WaitsStartAtItsOwnBaseDelay() {
        // when
        EndToEndReport report = EndToEndReplay.builder()
                .withTier(MOONSHOT.require("tier1"))
                .build()
                .run();

        // then
        assertThat(report.requestsReceived()).isEqualTo(7);
        assertThat(report.waits())
                .containsExactly(
                        Duration.ofMillis(300),
                        Duration.ofMillis(600),
                        Duration.ofMillis(1200),
                        Duration.ofMillis(2400),
                        Duration.ofMillis(4800),
                        Duration.ofMillis(9600));
        assertThat(report.logLines().get(0))
                .isEqualTo(
                        "[TeacherClient] Rate limited (429), waiting 0.3s before retry 1/6 (tier: tier1, base: 0.3s)");
    }

    @Test
    void theSettingsUnderTestDecideTheScheduleSoProductionAndTestCannotDrift() {
        // given: the same settings object production would load, with three rate-limit retries
        ClientSettings settings = ClientSettings.builder()
                .withRateLimit(RateLimitSettings.builder()
                        .withTier("free")
                        .withMaxRateLimitRetries(3)
                        .withBackoffFactor(3.0)
                        .build())
                .build();

        // when
        EndToEndReport report =
                EndToEndReplay.builder().withSettings(settings).build().run();

        // then
        assertThat(report.requestsReceived()).isEqualTo(4);
        assertThat(report.waits()).isEqualTo(List.of(seconds(20), seconds(60), seconds(180)));
    }

    @Test
    void theReportDescribesItselfInPlainText() {
        EndToEndReport report = EndToEndReplay.builder()
                .withTier(MOONSHOT.require("tier5"))
                .build()
                .run();

        assertThat(report.describe())
                .startsWith("tier: tier5\nrequests received: 7\nwaits: [0.006s, 0.012s, 0.024s, "
                        + "0.048s, 0.096s, 0.192s] (total 0.378s)\noutcome: failed: Max retries exceeded");
    }

    private static Duration seconds(long seconds) {
        return Duration.ofSeconds(seconds);
    }
}
