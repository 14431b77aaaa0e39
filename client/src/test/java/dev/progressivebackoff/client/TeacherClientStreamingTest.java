package dev.progressivebackoff.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.progressivebackoff.simulator.Fault;
import dev.progressivebackoff.simulator.SimulatedProvider;
import dev.progressivebackoff.testsupport.FakeClock;
import dev.progressivebackoff.testsupport.ProviderFixture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link TeacherClient#chatStream}: deltas as they arrive, both ways, against the simulated provider. */
class TeacherClientStreamingTest {

    private static final String KEY = TeacherClientTest.KEY;
    private static final ChatRequest QUESTION = ChatRequest.ofUserMessage("How should a client pace its requests?");

    @RegisterExtension
    final ProviderFixture providers = new ProviderFixture();

    private final FakeClock clock = FakeClock.advancingOnSleep();

    private SimulatedProvider provider(SimulatedProvider.Builder builder) {
        return providers.start(builder.withRpm(1000).withApiKey(KEY).withTimeSource(clock));
    }

    private TeacherClient client(SimulatedProvider provider) {
        return TeacherClient.builder()
                .withEndpoint(provider.baseUri().toString())
                .withApiKey(KEY)
                .withTier("tier5")
                .withTimeSource(clock)
                .withSleeper(clock)
                .onLogLine(line -> {})
                .build();
    }

    @Test
    void theDeltasOfTheIteratorMakeTheAnswerOfAPlainChat() {
        // given
        SimulatedProvider provider = provider(SimulatedProvider.builder());
        try (TeacherClient client = client(provider)) {
            ChatResponse plain = client.chat(QUESTION);

            // when
            List<ChatDelta> deltas = new ArrayList<>();
            ChatResponse streamed;
            try (ChatStream stream = client.chatStream(QUESTION)) {
                stream.forEachRemaining(deltas::add);
                streamed = stream.completion();
            }

            // then
            assertThat(deltas)
                    .hasSizeGreaterThan(3)
                    .allSatisfy(delta -> assertThat(delta.choice()).isZero());
            assertThat(deltas.stream().map(ChatDelta::content).collect(Collectors.joining()))
                    .isEqualTo(plain.content());
            assertThat(streamed.content()).isEqualTo(plain.content());
            assertThat(streamed.finishReason()).isEqualTo("stop");
            assertThat(streamed.usage()).isEqualTo(plain.usage());
            assertThat(streamed.usage().totalTokens()).isPositive();
            assertThat(streamed.model()).isEqualTo(plain.model());
            assertThat(streamed.attempts()).isEqualTo(1);
        }
        assertThat(provider.stats().completions()).isEqualTo(2);
    }

    @Test
    void theListenerHearsEachDeltaThenTheCompletion() {
        // given
        SimulatedProvider provider = provider(SimulatedProvider.builder());
        List<String> heard = new ArrayList<>();
        List<ChatResponse> completed = new ArrayList<>();
        List<RuntimeException> errors = new ArrayList<>();

        // when
        ChatResponse returned;
        String plain;
        try (TeacherClient client = client(provider)) {
            returned = client.chatStream(QUESTION, new ChatStreamListener() {
                @Override
                public void onDelta(ChatDelta delta) {
                    heard.add(delta.content());
                }

                @Override
                public void onComplete(ChatResponse response) {
                    completed.add(response);
                }

                @Override
                public void onError(RuntimeException failure) {
                    errors.add(failure);
                }
            });
            plain = client.chat(QUESTION).content();
        }

        // then
        assertThat(String.join("", heard)).isEqualTo(plain);
        assertThat(completed).containsExactly(returned);
        assertThat(returned.content()).isEqualTo(plain);
        assertThat(errors).isEmpty();
    }

    @Test
    void theDeltasAreAJavaStreamToo() {
        // given
        SimulatedProvider provider = provider(SimulatedProvider.builder());
        try (TeacherClient client = client(provider)) {
            String plain = client.chat(QUESTION).content();

            // when
            String joined;
            try (Stream<ChatDelta> deltas = client.chatStream(QUESTION).deltas()) {
                joined = deltas.map(ChatDelta::content).collect(Collectors.joining());
            }

            // then
            assertThat(joined).isEqualTo(plain);
        }
    }

    @Test
    void theCompletionIsNotReadyBeforeTheLastDelta() {
        // given
        SimulatedProvider provider = provider(SimulatedProvider.builder());
        try (TeacherClient client = client(provider);
                ChatStream stream = client.chatStream(QUESTION)) {
            // when
            ChatDelta first = stream.next();

            // then
            assertThat(stream.text()).isEqualTo(first.content());
            assertThatThrownBy(stream::completion).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void aConnectionCutMidStreamFailsWithThePartialTextAndIsNotRetried() {
        // given: a provider that cuts every stream halfway, and the full answer from one that does not
        String full;
        try (TeacherClient client = client(provider(SimulatedProvider.builder()))) {
            full = client.chat(QUESTION).content();
        }
        SimulatedProvider cutting = provider(SimulatedProvider.builder().withFault(Fault.TRUNCATED_JSON, 1.0));
        List<ChatDelta> received = new ArrayList<>();
        List<RuntimeException> errors = new ArrayList<>();

        // when
        try (TeacherClient client = client(cutting)) {
            assertThatThrownBy(() -> client.chatStream(QUESTION, new ChatStreamListener() {
                        @Override
                        public void onDelta(ChatDelta delta) {
                            received.add(delta);
                        }

                        @Override
                        public void onError(RuntimeException failure) {
                            errors.add(failure);
                        }
                    }))
                    // then: what arrived is delivered once and carried by the failure; one request, no retry
                    .isInstanceOfSatisfying(ChatStreamException.class, failure -> {
                        String partial =
                                received.stream().map(ChatDelta::content).collect(Collectors.joining());
                        assertThat(partial).isNotEmpty();
                        assertThat(full).startsWith(partial).isNotEqualTo(partial);
                        assertThat(failure.partialText()).isEqualTo(partial);
                        assertThat(failure.deltasReceived()).isEqualTo(received.size());
                        assertThat(failure.requestsSent()).hasValue(1);
                        assertThat(failure.getMessage()).contains("cut").doesNotContain(KEY);
                        assertThat(errors).containsExactly(failure);
                    });
        }
        assertThat(cutting.stats().requests()).isEqualTo(1);
        assertThat(clock.sleeps()).allSatisfy(sleep -> assertThat(sleep).isLessThan(Duration.ofSeconds(1)));
    }

    @Test
    void aFailedIteratorThrowsTheSameFailureAgain() {
        // given
        SimulatedProvider cutting = provider(SimulatedProvider.builder().withFault(Fault.TRUNCATED_JSON, 1.0));
        try (TeacherClient client = client(cutting);
                ChatStream stream = client.chatStream(QUESTION)) {
            // when
            ChatStreamException failure = null;
            try {
                stream.forEachRemaining(delta -> {});
            } catch (ChatStreamException first) {
                failure = first;
            }

            // then
            assertThat(failure).isNotNull();
            assertThat(failure.partialText()).isEqualTo(stream.text());
            ChatStreamException thrown = failure;
            assertThatThrownBy(stream::hasNext).isSameAs(thrown);
            assertThatThrownBy(stream::completion).isSameAs(thrown);
        }
    }
}
