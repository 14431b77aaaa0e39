package dev.progressivebackoff.pacer.redis;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RecentMinimumTest {

    private final RecentMinimum minimum = new RecentMinimum();

    @Test
    void eachRecordAnswersTheSmallestRecentValueItselfIncluded() {
        assertThat(minimum.record(500)).isEqualTo(500);
        assertThat(minimum.record(700)).isEqualTo(500);
        assertThat(minimum.record(300)).isEqualTo(300);
    }

    @Test
    void aValueOlderThanTheLastSixteenIsForgotten() {
        // given a small value, then sixteen larger ones
        minimum.record(100);
        for (int i = 0; i < RecentMinimum.SAMPLES - 1; i++) {
            assertThat(minimum.record(900 + i)).isEqualTo(100);
        }

        // when one more comes, the small one is seventeen values back
        assertThat(minimum.record(2000)).isEqualTo(900);
    }

    @Test
    void theWindowsMinimumIsZeroUntilSixteenValuesWereRecorded() {
        for (int i = 0; i < RecentMinimum.SAMPLES - 1; i++) {
            minimum.record(5000 + i);
            assertThat(minimum.ofFullWindow()).isZero();
        }

        minimum.record(4000);

        assertThat(minimum.ofFullWindow()).isEqualTo(4000);
    }
}
