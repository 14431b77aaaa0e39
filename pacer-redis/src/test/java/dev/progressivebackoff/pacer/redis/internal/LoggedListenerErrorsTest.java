package dev.progressivebackoff.pacer.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.function.Consumer;
import org.slf4j.event.Level;
import org.slf4j.event.SubstituteLoggingEvent;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.helpers.SubstituteLogger;
import org.junit.jupiter.api.Test;

class LoggedListenerErrorsTest {

    /** A named listener class, so the log line can be checked for it. */
    private static final class BrokenListener implements Consumer<String> {
        @Override
        public void accept(String event) {
            throw new IllegalStateException("listener bug");
        }
    }

    @Test
    void logsAWarningNamingTheListenersClassTheEventAndTheFailure() {
        // given an SLF4J logger that records its events (slf4j-api's own substitute logger)
        Queue<SubstituteLoggingEvent> logged = new ArrayDeque<>();
        LoggedListenerErrors errors = new LoggedListenerErrors(new SubstituteLogger("test", logged, false));

        // when
        errors.onListenerError(new BrokenListener(), "an event", new IllegalStateException("listener bug"));

        // then
        assertThat(logged).singleElement().satisfies(event -> {
            assertThat(event.getLevel()).isEqualTo(Level.WARN);
            assertThat(MessageFormatter.basicArrayFormat(event.getMessage(), event.getArgumentArray()))
                    .isEqualTo("The listener " + BrokenListener.class.getName() + " failed on String and was "
                            + "ignored: java.lang.IllegalStateException: listener bug");
        });
    }
}
