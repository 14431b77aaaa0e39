package dev.progressivebackoff.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.progressivebackoff.core.TierCatalog;
import org.junit.jupiter.api.Test;

class TierDetectorsTest {

    @Test
    void findsATestOnlyDetectorByName() {
        // when
        TierDetector detector = TierDetectors.load().get("test-first-tier");

        // then
        assertThat(detector).isInstanceOf(FixedTierDetector.class);
        assertThat(TierDetectors.load().names()).containsExactly("test-first-tier");
        assertThat(TierDetectors.load().loadErrors()).isEmpty();
        assertThat(detector.detect(null, TierCatalog.moonshot()))
                .contains(TierCatalog.moonshot().require("free"));
    }

    @Test
    void namesTheKnownDetectorsWhenAskedForAnUnknownOne() {
        assertThatThrownBy(() -> TierDetectors.load().get(TierDetectors.DEFAULT_NAME))
                .isInstanceOf(UnknownProviderException.class)
                .hasMessage("unknown tier detector 'headers'; known: test-first-tier");
    }
}
