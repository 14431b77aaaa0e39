package dev.progressivebackoff.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.beust.jcommander.ParameterException;
import dev.progressivebackoff.cli.internal.DurationConverter;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationConverterTest {

    @ParameterizedTest(name = "{0} = {1} ms")
    @CsvSource({
        "900s, 900000",
        "15m, 900000",
        "1h, 3600000",
        "250ms, 250",
        "20, 20000",
        "PT15M, 900000",
        "1.5s, 1500",
        "pt0.25s, 250",
        "0, 0"
    })
    void readsEveryAcceptedForm(String text, long millis) {
        assertThat(new DurationConverter("--max-server-wait").convert(text)).isEqualTo(Duration.ofMillis(millis));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "soon", "-5s", "5 parsecs", "PT-1S"})
    void rejectsAnythingElseNamingTheFlag(String text) {
        assertThatThrownBy(() -> new DurationConverter("--max-server-wait").convert(text))
                .isInstanceOf(ParameterException.class)
                .hasMessageContaining("--max-server-wait");
    }
}
