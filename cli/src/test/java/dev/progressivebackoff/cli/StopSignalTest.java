package dev.progressivebackoff.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.progressivebackoff.testsupport.LogCapture;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StopSignalTest {

    /** A callback with a class name of its own, to find in the log. */
    private static final class BrokenCallback implements Runnable {
        @Override
        public void run() {
            throw new IllegalStateException("callback bug");
        }
    }

    @Test
    void aThrowingCallbackNeitherFailsNorStopsTheTripAndIsLoggedByItsClass() throws Exception {
        // given
        LogCapture log = LogCapture.start();
        List<String> ran = new ArrayList<>();
        StopSignal signal = new StopSignal();
        signal.onTrip(() -> ran.add("first"));
        signal.onTrip(new BrokenCallback());
        signal.onTrip(() -> ran.add("third"));

        // when / then
        assertThatCode(signal::trip).doesNotThrowAnyException();
        assertThat(signal.isTripped()).isTrue();
        assertThat(ran).containsExactly("first", "third");
        assertThat(log.text()).contains("WARN", BrokenCallback.class.getName(), "callback bug");
    }

    @Test
    void aThrowingCallbackAddedAfterTheTripIsLoggedAndIgnoredToo() throws Exception {
        // given
        LogCapture log = LogCapture.start();
        StopSignal signal = new StopSignal();
        signal.trip();

        // when / then
        assertThatCode(() -> signal.onTrip(new BrokenCallback())).doesNotThrowAnyException();
        assertThat(log.text()).contains("WARN", BrokenCallback.class.getName());
    }
}
