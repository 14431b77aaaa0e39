package dev.progressivebackoff.transport.httpclient5;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.progressivebackoff.core.policy.Jitter;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class BackoffSettingsTest {

    @Test
    void defaultsAreTheSeedsSettings() {
        BackoffSettings defaults = BackoffSettings.defaults();

        assertThat(defaults.endpoint()).isEqualTo("https://api.moonshot.ai/v1");
        assertThat(defaults.tier()).isEqualTo("auto");
        assertThat(defaults.isAutoTier()).isTrue();
        assertThat(defaults.maxRetries()).isEqualTo(5);
        assertThat(defaults.retryBackoffFactor()).isEqualTo(2.0);
        assertThat(defaults.retryStatusCodes()).containsExactly(500, 502, 503, 504);
        assertThat(defaults.maxRetryWait()).isEqualTo(Duration.ofSeconds(120));
        assertThat(defaults.maxRateLimitRetries()).isEqualTo(6);
        assertThat(defaults.backoffFactor()).isEqualTo(2.0);
        assertThat(defaults.maxServerWait()).isEqualTo(Duration.ofSeconds(900));
        assertThat(defaults.jitter()).isEqualTo(Jitter.NONE);
        assertThat(defaults.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(defaults.responseTimeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(defaults.maxResponseBytes()).isEqualTo(8L * 1024 * 1024);
        assertThat(defaults.policy()).isEqualTo("tier-aware-exponential");
        assertThat(defaults.tierDetector()).isEqualTo("headers");
        assertThat(defaults.skipTierDetection()).isFalse();
        assertThat(defaults.skipHealthCheck()).isFalse();
        assertThat(defaults.pace()).isTrue();
    }

    @Test
    void statusCodesAreSortedAndDeduplicated() {
        assertThat(BackoffSettings.defaults().withRetryStatusCodes(List.of(504, 500, 504)).retryStatusCodes())
                .containsExactly(500, 504);
    }

    @Test
    void aTrailingSlashIsDroppedFromTheEndpoint() {
        assertThat(BackoffSettings.defaults().withEndpoint("http://localhost:1/v1//").endpoint())
                .isEqualTo("http://localhost:1/v1");
    }

    @Test
    void invalidValuesNameTheirField() {
        BackoffSettings defaults = BackoffSettings.defaults();
        assertThatThrownBy(() -> defaults.withConcurrency(0)).hasMessageStartingWith("concurrency");
        assertThatThrownBy(() -> defaults.withBackoffFactor(0.5)).hasMessageStartingWith("backoffFactor");
        assertThatThrownBy(() -> defaults.withResponseTimeout(Duration.ZERO)).hasMessageStartingWith("responseTimeout");
        assertThatThrownBy(() -> defaults.withMaxResponseBytes(0)).hasMessageStartingWith("maxResponseBytes");
        assertThatThrownBy(() -> defaults.withTier(" ")).hasMessageStartingWith("tier");
        assertThatThrownBy(() -> defaults.withRpm(0)).hasMessageStartingWith("rpm");
        assertThatThrownBy(() -> defaults.withRetryBackoffFactor(Double.NaN))
                .hasMessageStartingWith("retryBackoffFactor");
    }

    @Test
    void aRedisServerIsOptionalAndMustHoldNoCredentials() {
        assertThat(BackoffSettings.defaults().redis()).isEmpty();
        assertThat(BackoffSettings.defaults().redisFailure()).isEqualTo("fallback");
        assertThat(BackoffSettings.defaults().withRedis(java.net.URI.create("redis://127.0.0.1:6390/1")).redis())
                .hasValue(java.net.URI.create("redis://127.0.0.1:6390/1"));
        assertThatThrownBy(() -> BackoffSettings.defaults().withRedis(java.net.URI.create("redis://:s3cret@h:1")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("credentials")
                .hasMessageNotContaining("s3cret");
        assertThatThrownBy(() -> BackoffSettings.defaults().withRedis(java.net.URI.create("http://h:1")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("redis://HOST:PORT[/DB]");
        assertThatThrownBy(() -> BackoffSettings.defaults().withRedisFailure("retry"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fallback or stop");
        assertThat(BackoffSettings.defaults().withRedisFailure("STOP").redisFailure()).isEqualTo("stop");
    }
}
