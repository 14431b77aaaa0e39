package dev.progressivebackoff.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.progressivebackoff.core.policy.Jitter;
import dev.progressivebackoff.transport.httpclient5.TransportSettings;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ClientSettingsTest {

    @Test
    void defaultsAreTheDocumentedOnes() {
        ClientSettings defaults = ClientSettings.defaults();
        RateLimitSettings limits = defaults.rateLimit();

        assertThat(defaults.endpoint()).isEqualTo("https://api.moonshot.ai/v1");
        assertThat(defaults.model()).isEqualTo("moonshot-v1-8k");
        assertThat(defaults.transport()).isEqualTo(TransportSettings.defaults());
        assertThat(limits.tier()).isEqualTo("auto");
        assertThat(limits.isAutoTier()).isTrue();
        assertThat(limits.rpm()).isEmpty();
        assertThat(limits.maxRateLimitRetries()).isEqualTo(6);
        assertThat(limits.backoffFactor()).isEqualTo(2.0);
        assertThat(limits.maxServerWait()).isEqualTo(Duration.ofSeconds(900));
        assertThat(limits.jitter()).isEqualTo(Jitter.NONE);
        assertThat(limits.policy()).isEqualTo("tier-aware-exponential");
        assertThat(limits.tierDetector()).isEqualTo("headers");
        assertThat(limits.skipTierDetection()).isFalse();
        assertThat(limits.pace()).isTrue();
    }

    @Test
    void aTrailingSlashIsDroppedFromTheEndpoint() {
        assertThat(ClientSettings.builder()
                        .withEndpoint("http://localhost:1/v1//")
                        .build()
                        .endpoint())
                .isEqualTo("http://localhost:1/v1");
    }

    @Test
    void aBuilderFromSettingsKeepsWhatItIsNotTold() {
        ClientSettings custom = ClientSettings.builder()
                .withModel("kimi")
                .withRateLimit(RateLimitSettings.builder().withTier("free").build())
                .build();

        ClientSettings moved =
                custom.toBuilder().withEndpoint("https://example.test/v1").build();

        assertThat(moved.model()).isEqualTo("kimi");
        assertThat(moved.rateLimit()).isEqualTo(custom.rateLimit());
        assertThat(moved.rateLimit().toBuilder().build()).isEqualTo(custom.rateLimit());
    }

    @Test
    void invalidValuesNameTheirField() {
        assertThatThrownBy(
                        () -> RateLimitSettings.builder().withBackoffFactor(0.5).build())
                .hasMessageStartingWith("backoffFactor");
        assertThatThrownBy(() -> RateLimitSettings.builder().withTier(" ").build())
                .hasMessageStartingWith("tier");
        assertThatThrownBy(() -> RateLimitSettings.builder().withRpm(0).build()).hasMessageStartingWith("rpm");
        assertThatThrownBy(() ->
                        RateLimitSettings.builder().withMaxRateLimitRetries(-1).build())
                .hasMessageStartingWith("maxRateLimitRetries");
        assertThatThrownBy(() -> ClientSettings.builder().withModel(" ").build())
                .hasMessageStartingWith("model");
        assertThatThrownBy(
                        () -> ClientSettings.builder().withEndpoint("ftp://x").build())
                .hasMessageStartingWith("endpoint");
    }
}
