package dev.progressivebackoff.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class ListenerErrorHandlerTest {

    /** A named listener class, so the line can be checked for it. */
    private static final class BrokenListener implements Consumer<String> {
        @Override
        public void accept(String event) {
            throw new IllegalStateException("listener bug");
        }
    }

    @Test
    void describesAFailureInOneLineNamingTheListenersClassTheEventAndTheFailure() {
        // given
        List<String> warned = new ArrayList<>();
        ListenerErrorHandler<String> errors = ListenerErrorHandler.describingTo(warned::add);

        // when
        errors.onListenerError(new BrokenListener(), "an event", new IllegalStateException("listener bug"));

        // then
        assertThat(warned)
                .containsExactly("The listener " + BrokenListener.class.getName() + " failed on String "
                        + "and was ignored: java.lang.IllegalStateException: listener bug");
    }

    @Test
    void ignoringReportsNothingAndNeverThrows() {
        assertThatCode(() -> ListenerErrorHandler.<String>ignoring()
                        .onListenerError(new BrokenListener(), "an event", new IllegalStateException("listener bug")))
                .doesNotThrowAnyException();
    }
}
