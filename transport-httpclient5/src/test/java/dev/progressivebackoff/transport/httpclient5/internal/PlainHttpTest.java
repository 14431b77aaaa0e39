package dev.progressivebackoff.transport.httpclient5.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PlainHttpTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "http://localhost/v1",
                "http://LOCALHOST:8080/v1",
                "http://localhost./v1",
                "http://127.0.0.1:1234/v1",
                "http://127.255.3.4/v1",
                "http://[::1]:8080/v1",
                "http://[0:0:0:0:0:0:0:1]/v1",
                "https://api.moonshot.ai/v1",
                "https://192.0.2.10/v1",
                "HTTPS://example.com"
            })
    void loopbackAndHttpsAreNotInsecure(String url) {
        assertThat(PlainHttp.isInsecure(URI.create(url))).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "http://api.moonshot.ai/v1",
                "HTTP://192.0.2.10/v1",
                "http://10.0.0.1/v1",
                "http://128.0.0.1/v1",
                "http://127.0.0.1.example.com/v1",
                "http://localhost.example.com/v1",
                "http://127.0.0.256/v1",
                "http://127.0.1/v1",
                "http://[::2]/v1",
                "http://0.0.0.0/v1",
                "http://[::ffff:127.0.0.1]/v1"
            })
    void plainHttpToAnyOtherHostIsInsecure(String url) {
        assertThat(PlainHttp.isInsecure(URI.create(url))).isTrue();
    }
}
