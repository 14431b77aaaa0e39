package dev.progressivebackoff.client;

import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.stubFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.verify;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import com.github.tomakehurst.wiremock.junit5.WireMockTest;
import dev.progressivebackoff.core.Tier;
import dev.progressivebackoff.core.retry.RateLimitedUntilException;
import dev.progressivebackoff.core.signals.RateLimitSignals;
import dev.progressivebackoff.core.signals.WaitSource;
import dev.progressivebackoff.pacing.Pacer;
import dev.progressivebackoff.pacing.PacerRegistry;
import dev.progressivebackoff.pacing.PacerState;
import dev.progressivebackoff.pacing.Permit;
import dev.progressivebackoff.pacing.WindowHold;
import dev.progressivebackoff.testsupport.FakeClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * A 200 saying the request window is spent ({@code remaining 0}) holds every start until its reset, visibly: a
 * hold over 10 s is logged once with its reason and end, and a hold beyond the maximum server wait is not slept
 * through: the request fails at once with "rate limited until T" (issue 15).
 */
@WireMockTest
class TeacherClientWindowHoldTest {

    private final FakeClock clock = FakeClock.advancingOnSleep();
    private final List<String> lines = new ArrayList<>();

    private TeacherClient client(WireMockRuntimeInfo wm) {
        return TeacherClient.builder()
                .withEndpoint(wm.getHttpBaseUrl() + "/v1")
                .withApiKey(TeacherClientTest.KEY)
                .withTier(Tier.of("fast", 6_000))
                .withTimeSource(clock)
                .withSleeper(clock)
                .onLogLine(lines::add)
                .build();
    }

    private static void windowSpentFor(String reset) {
        stubFor(post("/v1/chat/completions")
                .willReturn(okJson(TeacherClientTest.COMPLETION)
                        .withHeader("x-ratelimit-remaining-requests", "0")
                        .withHeader("x-ratelimit-reset-requests", reset)));
    }

    private List<String> holdLines() {
        return lines.stream()
                .filter(line -> line.contains("Pacer holds starts"))
                .toList();
    }

    private Duration slept() {
        return clock.sleeps().stream().reduce(Duration.ZERO, Duration::plus);
    }

    @Test
    void aWindowSpentForADayFailsTheNextRequestAtOnceWithTheResetTime(WireMockRuntimeInfo wm) {
        // given a 200 saying nothing remains until a reset in a day
        windowSpentFor("86400s");
        try (TeacherClient client = client(wm)) {
            client.chat("one");

            // when the next two requests come
            Throwable first = catchThrowable(() -> client.chat("two"));
            Throwable again = catchThrowable(() -> client.chat("three"));

            // then both fail at once, naming the reset, without sending or sleeping
            assertThat(first).isInstanceOf(RateLimitedUntilException.class);
            assertThat(again).isInstanceOf(RateLimitedUntilException.class);
            RateLimitedUntilException refused = (RateLimitedUntilException) first;
            assertThat(refused.getMessage())
                    .startsWith("rate limited until 2025-01-02T00:00:")
                    .contains("the request window is spent")
                    .contains("x-ratelimit-reset-requests")
                    .contains("more than the maximum server wait of 900.0s");
            assertThat(refused.until())
                    .isBetween(FakeClock.START.plusSeconds(86_400), FakeClock.START.plusSeconds(86_401));
            assertThat(refused.source()).isEqualTo(WaitSource.X_RATELIMIT_RESET_REQUESTS);
            assertThat(refused.attempts()).isEmpty();
            assertThat(refused.requestsSent()).isEqualTo(OptionalInt.of(0));
        }
        verify(exactly(1), postRequestedFor(urlEqualTo("/v1/chat/completions")));
        assertThat(clock.sleeps()).isEmpty();
        // and one line said why and until when, once for both requests
        assertThat(holdLines())
                .singleElement()
                .asString()
                .contains("until 2025-01-02T00:00:")
                .contains("the request window is spent (remaining 0)")
                .contains("x-ratelimit-reset-requests")
                .contains("requests fail at once until then")
                .doesNotContain(TeacherClientTest.KEY);
    }

    @Test
    void aWindowSpentForThirtySecondsIsLoggedOnceSleptThenSent(WireMockRuntimeInfo wm) {
        // given a 200 saying nothing remains until a reset in 30 s
        windowSpentFor("30s");
        try (TeacherClient client = client(wm)) {
            client.chat("one");

            // when the next request comes
            ChatResponse second = client.chat("two");

            // then it waited for the reset (a margin of it included), then went out
            assertThat(second.content()).isNotEmpty();
        }
        assertThat(slept()).isBetween(Duration.ofSeconds(30), Duration.ofSeconds(31));
        verify(exactly(2), postRequestedFor(urlEqualTo("/v1/chat/completions")));
        assertThat(holdLines())
                .singleElement()
                .asString()
                .contains("until 2025-01-01T00:00:30")
                .contains("the request window is spent (remaining 0)")
                .contains("requests wait for it");
    }

    @Test
    void aHoldThePacerHearsOfOnlyWithItsRefusalIsLoggedToo(WireMockRuntimeInfo wm) {
        // given a pacer shared with other processes, one of which met a window spent for a day: this process
        // hears of it only when its start is refused (as a Redis-kept pacer does, with its first call to Redis)
        Duration day = Duration.ofDays(1);
        WindowHold hold = new WindowHold(
                FakeClock.START.plus(day), day, WindowHold.REQUESTS_SPENT, WaitSource.X_RATELIMIT_RESET_REQUESTS);
        AtomicBoolean refused = new AtomicBoolean();
        Pacer shared = new Pacer() {
            @Override
            public Permit acquire() {
                refused.set(true);
                throw hold.refusal(Duration.ofSeconds(900));
            }

            @Override
            public Optional<WindowHold> windowHold() {
                return refused.get() ? Optional.of(hold) : Optional.empty();
            }

            @Override
            public void adoptTier(Tier tier) {}

            @Override
            public void adoptRpm(int requestsPerMinute) {}

            @Override
            public void observe(RateLimitSignals signals) {}

            @Override
            public void coolDown(Duration duration) {}

            @Override
            public PacerState state() {
                return PacerState.UNPACED;
            }
        };
        Throwable failure;
        try (TeacherClient client = TeacherClient.builder()
                .withEndpoint(wm.getHttpBaseUrl() + "/v1")
                .withApiKey(TeacherClientTest.KEY)
                .withTier(Tier.of("fast", 6_000))
                .withTimeSource(clock)
                .withSleeper(clock)
                .withPacerRegistry(PacerRegistry.create(tier -> shared))
                .onLogLine(lines::add)
                .build()) {

            // when its first request comes
            failure = catchThrowable(() -> client.chat("one"));
        }

        // then it fails at once, nothing sent, and the hold is logged
        assertThat(failure).isInstanceOf(RateLimitedUntilException.class);
        verify(exactly(0), postRequestedFor(urlEqualTo("/v1/chat/completions")));
        assertThat(holdLines())
                .singleElement()
                .asString()
                .contains("until 2025-01-02T00:00:00Z")
                .contains("requests fail at once until then");
    }

    @Test
    void aShortHoldIsWaitedWithoutALogLine(WireMockRuntimeInfo wm) {
        // given a window that resets in 5 s
        windowSpentFor("5s");
        try (TeacherClient client = client(wm)) {
            client.chat("one");

            // when
            client.chat("two");
        }

        // then
        assertThat(slept()).isBetween(Duration.ofSeconds(5), Duration.ofSeconds(6));
        assertThat(holdLines()).isEmpty();
    }
}
