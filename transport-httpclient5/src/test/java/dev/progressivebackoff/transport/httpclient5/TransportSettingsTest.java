package dev.progressivebackoff.transport.httpclient5;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class TransportSettingsTest {

    @Test
    void defaultsAreTheDocumentedOnes() {
        TransportSettings defaults = TransportSettings.defaults();

        assertThat(defaults.maxTransportRetries()).isEqualTo(5);
        assertThat(defaults.transportBaseDelay()).isEqualTo(Duration.ofSeconds(2));
        assertThat(defaults.retryStatusCodes()).containsExactly(408, 409, 500, 502, 503, 504, 529);
        assertThat(defaults.maxTransportWait()).isEqualTo(Duration.ofSeconds(120));
        assertThat(defaults.maxServerWait()).isEqualTo(Duration.ofSeconds(900));
        assertThat(defaults.poolSize()).isEqualTo(16);
        assertThat(defaults.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(defaults.responseTimeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(defaults.maxResponseBytes()).isEqualTo(8L * 1024 * 1024);
        assertThat(defaults.allowInsecureHttp()).isFalse();
    }

    @Test
    void aBuilderFromSettingsChangesOnlyWhatItIsTold() {
        TransportSettings changed = TransportSettings.defaults().toBuilder()
                .withPoolSize(3)
                .withTransportBaseDelay(Duration.ofMillis(500))
                .build();

        assertThat(changed.poolSize()).isEqualTo(3);
        assertThat(changed.transportBaseDelay()).isEqualTo(Duration.ofMillis(500));
        assertThat(changed.toBuilder()
                        .withPoolSize(16)
                        .withTransportBaseDelay(Duration.ofSeconds(2))
                        .build())
                .isEqualTo(TransportSettings.defaults());
    }

    @Test
    void statusCodesAreSortedAndDeduplicated() {
        assertThat(TransportSettings.builder()
                        .withRetryStatusCodes(List.of(504, 500, 504))
                        .build()
                        .retryStatusCodes())
                .containsExactly(500, 504);
    }

    @Test
    void invalidValuesNameTheirField() {
        TransportSettings.Builder builder = TransportSettings.builder();
        assertThatThrownBy(() -> TransportSettings.builder().withPoolSize(0).build())
                .hasMessageStartingWith("poolSize");
        assertThatThrownBy(() -> TransportSettings.builder()
                        .withResponseTimeout(Duration.ZERO)
                        .build())
                .hasMessageStartingWith("responseTimeout");
        assertThatThrownBy(() ->
                        TransportSettings.builder().withMaxResponseBytes(0).build())
                .hasMessageStartingWith("maxResponseBytes");
        assertThatThrownBy(() ->
                        TransportSettings.builder().withMaxTransportRetries(-1).build())
                .hasMessageStartingWith("maxTransportRetries");
        assertThatThrownBy(() ->
                        builder.withTransportBaseDelay(Duration.ofSeconds(-1)).build())
                .hasMessageStartingWith("transportBaseDelay");
        assertThatThrownBy(() -> TransportSettings.builder()
                        .withRetryStatusCodes(List.of(99))
                        .build())
                .hasMessageStartingWith("retryStatusCodes");
    }

    @Test
    void plainHttpToAHostThatIsNotLoopbackIsRefusedUnlessAllowed() {
        URI remote = URI.create("http://192.0.2.10/v1");

        assertThat(TransportSettings.isInsecure(remote)).isTrue();
        assertThat(TransportSettings.isInsecure(URI.create("http://127.0.0.1:8080/v1")))
                .isFalse();
        assertThatThrownBy(() -> TransportSettings.defaults().checkEndpoint(remote))
                .isInstanceOf(InsecureEndpointException.class)
                .hasMessageContaining("192.0.2.10");
        assertThatCode(() -> TransportSettings.builder()
                        .withAllowInsecureHttp(true)
                        .build()
                        .checkEndpoint(remote))
                .doesNotThrowAnyException();
    }
}
