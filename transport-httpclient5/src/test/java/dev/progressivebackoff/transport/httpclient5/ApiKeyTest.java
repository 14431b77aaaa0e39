package dev.progressivebackoff.transport.httpclient5;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ApiKeyTest {

    private final ApiKey key = ApiKey.of("sk-AbCdEfGh0123456789xyz");

    @Test
    void redactsTheKeyAsSent() {
        assertThat(key.redact("invalid key sk-AbCdEfGh0123456789xyz given")).isEqualTo("invalid key *** given");
    }

    @Test
    void redactsAnEchoInAnotherLetterCase() {
        assertThat(key.redact("KEY SK-ABCDEFGH0123456789XYZ IS WRONG")).isEqualTo("KEY *** IS WRONG");
        assertThat(key.redact("key sk-abcdefgh0123456789xyz")).isEqualTo("key ***");
    }

    @Test
    void redactsTheKeyWithoutItsPrefix() {
        assertThat(key.redact("token AbCdEfGh0123456789xyz unknown")).isEqualTo("token *** unknown");
        assertThat(key.redact("token abcdefgh0123456789XYZ unknown")).isEqualTo("token *** unknown");
    }

    @Test
    void leavesOtherTextAndNullAlone() {
        assertThat(key.redact("sk-other-key and AbCd")).isEqualTo("sk-other-key and AbCd");
        assertThat(key.redact(null)).isNull();
    }
}
