package dev.progressivebackoff.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.progressivebackoff.core.Seconds;
import java.math.BigDecimal;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DecimalsTest {

    @Test
    void trimsOnlySpacesAndTabs() {
        assertThat(Decimals.trimOws(" \t a b \t ")).isEqualTo("a b");
        assertThat(Decimals.trimOws("\n5\r")).isEqualTo("\n5\r");
        assertThat(Decimals.trimOws(" \t ")).isEmpty();
    }

    @Test
    void countsSaturateAtLongMax() {
        assertThat(Decimals.parseCount("99999999999999999999999")).hasValue(Long.MAX_VALUE);
        assertThat(Decimals.parseCount(" 42 ")).hasValue(42L);
        assertThat(Decimals.parseCount("4.2")).isEmpty();
        assertThat(Decimals.parseCount("-1")).isEmpty();
    }

    @Test
    void positiveCountsRejectZero() {
        assertThat(Decimals.parsePositiveCount("0")).isEmpty();
        assertThat(Decimals.parsePositiveCount("000")).isEmpty();
        assertThat(Decimals.parsePositiveCount("3")).hasValue(3L);
    }

    @Test
    void negativeSecondsBecomeZeroAndHugeOnesSaturate() {
        assertThat(Decimals.toDuration(new BigDecimal("-5"))).isEqualTo(Duration.ZERO);
        assertThat(Decimals.toDuration(new BigDecimal("1e40"))).isEqualTo(Seconds.SATURATED);
        assertThat(Decimals.toDuration(BigDecimal.valueOf(Seconds.SATURATED.getSeconds() - 1)))
                .isEqualTo(Seconds.SATURATED.minusSeconds(1));
    }
}
