package dev.progressivebackoff.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FaultTest {

    @Test
    void readsCommandLineAndConstantNamesIgnoringCase() {
        assertThat(Fault.parse("5xx")).isEqualTo(Fault.SERVER_ERROR_BURST);
        assertThat(Fault.parse(" Truncated-JSON ")).isEqualTo(Fault.TRUNCATED_JSON);
        assertThat(Fault.parse("huge_body")).isEqualTo(Fault.HUGE_BODY);
    }

    @Test
    void anUnknownNameListsTheKnownOnes() {
        assertThatThrownBy(() -> Fault.parse("gremlins"))
                .hasMessage("unknown fault 'gremlins'; known: 5xx, reset, slow, malformed-json, truncated-json, html, "
                        + "empty, huge");
    }

    @Test
    void theBuilderRejectsARateOutsideZeroToOne() {
        assertThatThrownBy(() -> SimulatedProvider.builder().withFault(Fault.EMPTY_BODY, 1.01))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("empty")
                .hasMessageContaining("[0, 1]");
        assertThatThrownBy(() -> SimulatedProvider.builder().withFault(Fault.EMPTY_BODY, Double.NaN))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SimulatedProvider.builder().withBurstLength(0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void noFaultIsInjectedUnlessAsked() throws Exception {
        try (SimulatedProvider provider =
                SimulatedProvider.builder().withRpm(6000).build()) {
            provider.start();
            assertThat(provider.faultsInjected()).isEmpty();
        }
    }
}
