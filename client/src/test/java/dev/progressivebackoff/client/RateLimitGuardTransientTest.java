package dev.progressivebackoff.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.progressivebackoff.core.retry.RateLimitedUntilException;
import dev.progressivebackoff.core.signals.ResponseHeaders;
import dev.progressivebackoff.testsupport.FakeClock;
import dev.progressivebackoff.testsupport.ManualScheduler;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link RateLimitGuard}'s transport retries of a foreign send, on a scripted exchange (each send takes the next reply
 * or I/O failure): the transport's statuses, backoff, server hints and attempt count, blocking on the fake clock or
 * scheduled on a manual scheduler. Pacing is off: only the retry waits move the clock.
 */
class RateLimitGuardTransientTest {

    static final URI LOOPBACK = URI.create("http://127.0.0.1:9/v1/chat/completions");

    final FakeClock clock = FakeClock.advancingOnSleep();
    final ManualScheduler scheduler = new ManualScheduler(clock);
    TeacherClient client;

    /** A reply: its status and header names and values. */
    record Reply(int status, String... headers) {}

    /** Sends take the script's next item: a {@link Reply}, or an {@link IOException} thrown. */
    static final class Scripted implements ForeignExchange<Reply> {
        final Deque<Object> script;
        final URI uri;
        final boolean retriesOwn;
        final AtomicInteger sends = new AtomicInteger();
        final AtomicInteger discards = new AtomicInteger();

        Scripted(URI uri, boolean retriesOwn, Object... script) {
            this.uri = uri;
            this.retriesOwn = retriesOwn;
            this.script = new ArrayDeque<>(List.of(script));
        }

        @Override
        public Reply send(Runnable onWire) throws IOException {
            sends.incrementAndGet();
            onWire.run();
            Object next = script.pop();
            if (next instanceof IOException failure) {
                throw failure;
            }
            return (Reply) next;
        }

        @Override
        public CompletionStage<Reply> sendAsync(Runnable onWire) {
            try {
                return CompletableFuture.completedFuture(send(onWire));
            } catch (IOException failure) {
                return CompletableFuture.failedFuture(failure);
            }
        }

        @Override
        public int status(Reply response) {
            return response.status();
        }

        @Override
        public ResponseHeaders headers(Reply response) {
            return ResponseHeaders.of(response.headers());
        }

        @Override
        public byte[] errorBody(Reply response) {
            return "{\"error\":{\"message\":\"try later\"}}".getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public void discard(Reply response) {
            discards.incrementAndGet();
        }

        @Override
        public boolean retriesTransientFailures() {
            return retriesOwn;
        }

        @Override
        public Optional<URI> uri() {
            return Optional.of(uri);
        }
    }

    @AfterEach
    void close() {
        if (client != null) {
            client.close();
        }
    }

    private RateLimitGuard guard(Consumer<TeacherClientBuilder> setting) {
        TeacherClientBuilder builder = TeacherClient.builder()
                .withEndpoint("http://127.0.0.1:9/v1")
                .withApiKey("sk-guard-transient-test-0123456789")
                .withPace(false)
                .withTimeSource(clock)
                .withSleeper(clock)
                .withScheduler(scheduler);
        setting.accept(builder);
        client = builder.build();
        return client.guard();
    }

    @Test
    void aRefusedLoopbackConnectionAndA503AreRetriedAsTheTransportRetries() throws Exception {
        Scripted call = new Scripted(
                LOOPBACK, false, new ConnectException("refused"), new Reply(503, "Retry-After", "3"), new Reply(200));

        assertThat(guard(b -> {}).send(call).status()).isEqualTo(200);

        assertThat(call.sends).hasValue(3);
        assertThat(call.discards).hasValue(1);
        assertThat(clock.sleeps()).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(3));
    }

    @Test
    void aRefusedConnectionToARemoteHostIsNotRetried() {
        Scripted call =
                new Scripted(URI.create("https://api.example.com/v1/chat"), false, new ConnectException("refused"));

        assertThatThrownBy(() -> guard(b -> {}).send(call)).isInstanceOf(ConnectException.class);

        assertThat(call.sends).hasValue(1);
        assertThat(clock.sleeps()).isEmpty();
    }

    @Test
    void anExchangeThatRetriesItsOwnFailuresIsSentOnce() throws Exception {
        Scripted call = new Scripted(LOOPBACK, true, new Reply(503), new Reply(200));

        assertThat(guard(b -> {}).send(call).status()).isEqualTo(503);

        assertThat(call.sends).hasValue(1);
    }

    @Test
    void theRetriesStopAtTheTransportMaximumAndTheLastResponseIsHandedBack() throws Exception {
        Scripted call = new Scripted(LOOPBACK, false, new Reply(502), new Reply(502), new Reply(502), new Reply(200));

        Reply last = guard(b -> b.withMaxTransportRetries(2)).send(call);

        assertThat(last.status()).isEqualTo(502);
        assertThat(call.sends).hasValue(3);
        assertThat(clock.sleeps()).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(4));
    }

    @Test
    void aServerHintBeyondTheMaximumServerWaitEndsTheCallAtOnce() {
        Scripted call = new Scripted(LOOPBACK, false, new Reply(503, "Retry-After", "5000"), new Reply(200));

        assertThatThrownBy(() -> guard(b -> {}).send(call)).isInstanceOf(RateLimitedUntilException.class);

        assertThat(call.sends).hasValue(1);
        assertThat(clock.sleeps()).isEmpty();
    }

    @Test
    void asyncRetriesAreScheduledNotSlept() {
        Scripted call = new Scripted(LOOPBACK, false, new Reply(503), new IOException("reset"), new Reply(200));

        CompletableFuture<Reply> reply = guard(b -> {}).sendAsync(call);
        scheduler.runUntilDone(reply);

        assertThat(reply.join().status()).isEqualTo(200);
        assertThat(scheduler.delays()).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(4));
        assertThat(clock.sleeps()).isEmpty();
        assertThat(call.sends).hasValue(3);
    }

    @Test
    void cancellingAnAsyncSendDuringATransientWaitSendsNothingMore() {
        Scripted call = new Scripted(LOOPBACK, false, new Reply(503), new Reply(200));

        CompletableFuture<Reply> reply = guard(b -> {}).sendAsync(call);
        assertThat(scheduler.pending()).isEqualTo(1);
        reply.cancel(true);
        scheduler.runNext();

        assertThat(call.sends).hasValue(1);
        assertThat(scheduler.pending()).isZero();
    }
}
