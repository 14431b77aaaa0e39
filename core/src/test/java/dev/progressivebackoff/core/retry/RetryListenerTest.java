package dev.progressivebackoff.core.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RetryListenerTest {

    private static final RetryEvent EVENT = new RetryEvent.Succeeded(1, Duration.ZERO);

    @Test
    void runsComposedListenersInOrder() {
        // given
        List<String> calls = new ArrayList<>();
        RetryListener both = ((RetryListener) e -> calls.add("first")).andThen(e -> calls.add("second"));

        // when
        both.onEvent(EVENT);

        // then
        assertThat(calls).containsExactly("first", "second");
    }

    @Test
    void runsTheSecondListenerEvenWhenTheFirstFailsThenRethrows() {
        // given
        List<String> calls = new ArrayList<>();
        RetryListener failing = e -> {
            throw new IllegalStateException("first failed");
        };

        // when
        Throwable thrown =
                catchThrowable(() -> failing.andThen(e -> calls.add("second")).onEvent(EVENT));

        // then
        assertThat(calls).containsExactly("second");
        assertThat(thrown).isInstanceOf(IllegalStateException.class).hasMessage("first failed");
    }

    @Test
    void keepsTheFirstFailureAsSuppressedWhenBothFail() {
        // given
        RetryListener first = e -> {
            throw new IllegalStateException("first failed");
        };
        RetryListener second = e -> {
            throw new IllegalArgumentException("second failed");
        };

        // when
        Throwable thrown = catchThrowable(() -> first.andThen(second).onEvent(EVENT));

        // then
        assertThat(thrown).hasMessage("second failed");
        assertThat(thrown.getSuppressed())
                .singleElement()
                .satisfies(s -> assertThat(s).hasMessage("first failed"));
    }
}
