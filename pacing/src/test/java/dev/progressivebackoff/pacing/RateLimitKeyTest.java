package dev.progressivebackoff.pacing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

class RateLimitKeyTest {

    private static final String API_KEY = "sk-test-1234567890abcdefSECRET";

    @Test
    void keepsOnlyTheFirstTwelveHexDigitsOfTheKeysSha256() {
        // when
        RateLimitKey key = RateLimitKey.of("https://api.moonshot.ai/v1", "abc");

        // then (SHA-256 of "abc" is ba7816bf8f01cfea414140de5dae2223...)
        assertThat(key.keyFingerprint()).isEqualTo("ba7816bf8f01");
        assertThat(key.endpoint()).isEqualTo("https://api.moonshot.ai/v1");
    }

    @Test
    void neverRevealsTheApiKeyInToString() {
        RateLimitKey key = RateLimitKey.of("https://api.moonshot.ai/v1", API_KEY);

        assertThat(key.toString())
                .doesNotContain(API_KEY)
                .doesNotContain("SECRET")
                .doesNotContain("sk-test")
                .isEqualTo("https://api.moonshot.ai/v1 [key " + RateLimitKey.fingerprint(API_KEY) + "]");
    }

    @Test
    void treatsTheSameEndpointWrittenDifferentlyAsOneKey() {
        RateLimitKey plain = RateLimitKey.of("https://api.moonshot.ai/v1", API_KEY);

        assertThat(RateLimitKey.of(" HTTPS://API.Moonshot.ai/v1/ ", API_KEY)).isEqualTo(plain);
        assertThat(RateLimitKey.of(URI.create("https://api.moonshot.ai/v1?x=1#f"), API_KEY))
                .isEqualTo(plain);
        assertThat(RateLimitKey.of("https://user:pw@api.moonshot.ai/v1", API_KEY))
                .isEqualTo(plain);
        assertThat(RateLimitKey.of("http://127.0.0.1:8080/v1", API_KEY).endpoint())
                .isEqualTo("http://127.0.0.1:8080/v1");
    }

    @Test
    void separatesOtherKeysAndOtherEndpoints() {
        RateLimitKey key = RateLimitKey.of("https://api.moonshot.ai/v1", API_KEY);

        assertThat(RateLimitKey.of("https://api.moonshot.ai/v1", API_KEY + "2")).isNotEqualTo(key);
        assertThat(RateLimitKey.of("https://api.moonshot.cn/v1", API_KEY)).isNotEqualTo(key);
    }

    @Test
    void fingerprintsAMissingKeyAsNone() {
        assertThat(RateLimitKey.of("http://localhost:1234", null).keyFingerprint())
                .isEqualTo(RateLimitKey.NO_KEY);
        assertThat(RateLimitKey.of("http://localhost:1234", "  ").keyFingerprint())
                .isEqualTo("none");
    }

    @Test
    void rejectsABlankEndpointAndAFingerprintThatCouldBeAKey() {
        assertThatThrownBy(() -> RateLimitKey.of(" ", API_KEY)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RateLimitKey("https://api.moonshot.ai/v1", API_KEY))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining(API_KEY);
    }
}
