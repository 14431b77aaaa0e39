package dev.progressivebackoff.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class ListenersTest {

    private final List<String> heard = new ArrayList<>();
    private final List<String> reported = new ArrayList<>();
    private final Consumer<String> failing = event -> {
        throw new IllegalStateException("broken on " + event);
    };
    private final Consumer<String> recording = event -> heard.add(event);

    @Test
    void tellsEveryListenerInOrderAndReportsTheOneThatThrows() {
        // given
        Listeners<Consumer<String>, String> listeners = Listeners.of(
                List.of(recording, failing, recording),
                Consumer::accept,
                List.of((listener, event, failure) ->
                        reported.add((listener == failing ? "failing" : "other") + ": " + failure.getMessage())));

        // when
        listeners.tell("e1");

        // then
        assertThat(heard).containsExactly("e1", "e1");
        assertThat(reported).containsExactly("failing: broken on e1");
    }

    @Test
    void neverThrowsEvenWhenAHandlerDoesAndStillTellsTheOtherHandlers() {
        // given
        ListenerErrorHandler<String> throwingHandler = (listener, event, failure) -> {
            throw new IllegalStateException("handler bug");
        };
        Listeners<Consumer<String>, String> listeners = Listeners.of(
                List.of(failing, recording),
                Consumer::accept,
                List.of(throwingHandler, (listener, event, failure) -> reported.add(event)));

        // when / then
        assertThatCode(() -> listeners.tell("e1")).doesNotThrowAnyException();
        assertThat(heard).containsExactly("e1");
        assertThat(reported).containsExactly("e1");
    }

    @Test
    void ignoresFailuresWithoutHandlers() {
        // given
        Listeners<Consumer<String>, String> listeners =
                Listeners.of(List.of(failing, recording), Consumer::accept, List.of(ListenerErrorHandler.ignoring()));

        // when / then
        assertThatCode(() -> listeners.tell("e1")).doesNotThrowAnyException();
        assertThat(heard).containsExactly("e1");
        assertThat(listeners.isEmpty()).isFalse();
        Listeners<Consumer<String>, String> none = Listeners.of(List.of(), Consumer::accept, List.of());
        assertThat(none.isEmpty()).isTrue();
    }
}
