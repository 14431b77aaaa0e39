package dev.progressivebackoff.pacer.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CoordinationEventTest {

    @Test
    void aLostRedisInFallbackModeSaysWhatShareIsPacedLocallyAndHowOftenRedisIsTried() {
        CoordinationEvent lost = new CoordinationEvent.Lost(
                "redis://10.0.0.5:6379/0",
                "Connection refused",
                RedisFailureMode.FALLBACK_LOCAL,
                4,
                Duration.ofSeconds(2));

        assertThat(lost.message())
                .isEqualTo("WARNING: Redis at redis://10.0.0.5:6379/0 is unavailable "
                        + "(Connection refused): the shared pacing is off; pacing locally at 1/4 of each key's quota "
                        + "until it answers, tried again every 2000 ms (failure mode FALLBACK_LOCAL)");
    }

    @Test
    void aLostRedisInStopModeSaysNoRequestStarts() {
        CoordinationEvent lost = new CoordinationEvent.Lost(
                "redis://10.0.0.5:6379/0", "Command timed out", RedisFailureMode.STOP, 2, Duration.ofSeconds(2));

        assertThat(lost.message()).endsWith("no request starts until it answers (failure mode STOP)");
    }

    @Test
    void aResumedRedisSaysHowLongItWasAway() {
        CoordinationEvent resumed = new CoordinationEvent.Resumed("redis://10.0.0.5:6379/0", Duration.ofMillis(4200));

        assertThat(resumed.message())
                .isEqualTo("Redis at redis://10.0.0.5:6379/0 answers again after 4200 ms: shared pacing resumed");
    }

    @Test
    void aComposedListenerTellsBothThenRethrowsTheFailureForTheCallerToReport() {
        List<CoordinationEvent> heard = new ArrayList<>();
        CoordinationListener failing = event -> {
            throw new IllegalStateException("broken listener");
        };
        CoordinationListener both = failing.andThen(heard::add);
        CoordinationEvent event = new CoordinationEvent.Resumed("redis://h:1/0", Duration.ZERO);

        Throwable thrown = catchThrowable(() -> both.onEvent(event));

        assertThat(heard).containsExactly(event);
        assertThat(thrown).isInstanceOf(IllegalStateException.class).hasMessage("broken listener");
    }

    @Test
    void aComposedListenerKeepsTheFirstFailureAsSuppressedWhenBothFail() {
        CoordinationListener first = event -> {
            throw new IllegalStateException("first failed");
        };
        CoordinationListener second = event -> {
            throw new IllegalArgumentException("second failed");
        };

        Throwable thrown = catchThrowable(
                () -> first.andThen(second).onEvent(new CoordinationEvent.Resumed("redis://h:1/0", Duration.ZERO)));

        assertThat(thrown).hasMessage("second failed");
        assertThat(thrown.getSuppressed())
                .singleElement()
                .satisfies(s -> assertThat(s).hasMessage("first failed"));
    }
}
