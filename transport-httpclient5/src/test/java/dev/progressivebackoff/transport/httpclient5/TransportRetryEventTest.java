package dev.progressivebackoff.transport.httpclient5;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.progressivebackoff.core.signals.WaitSource;
import java.time.Duration;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class TransportRetryEventTest {

    @Test
    void theSixArgumentFormReadsAHintAsRetryAfterAndNoHintAsTheTransportsBackoff() {
        assertThat(event(true).source()).isEqualTo(WaitSource.RETRY_AFTER);
        assertThat(event(false).source()).isEqualTo(WaitSource.TRANSPORT_BACKOFF);
    }

    @Test
    void fromRetryAfterMustAgreeWithTheSource() {
        assertThatThrownBy(() -> new TransportRetryEvent(
                        1, 5, Duration.ofSeconds(2), OptionalInt.of(503), "HTTP 503", false, WaitSource.RETRY_INFO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("RETRY_INFO");
        assertThatThrownBy(() -> new TransportRetryEvent(
                        1,
                        5,
                        Duration.ofSeconds(2),
                        OptionalInt.of(503),
                        "HTTP 503",
                        true,
                        WaitSource.TRANSPORT_BACKOFF))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static TransportRetryEvent event(boolean fromRetryAfter) {
        return new TransportRetryEvent(1, 5, Duration.ofSeconds(2), OptionalInt.of(503), "HTTP 503", fromRetryAfter);
    }
}
