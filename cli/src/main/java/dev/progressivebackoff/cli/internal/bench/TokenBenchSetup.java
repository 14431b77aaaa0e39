package dev.progressivebackoff.cli.internal.bench;

import dev.progressivebackoff.client.ChatRequest;
import dev.progressivebackoff.core.Tier;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The token-bound scenario of {@code backoff bench --tpm}: the simulated provider enforces both an RPM and a
 * TPM over one sliding window, and every request carries about {@code requestTokens} tokens, so that tokens,
 * not requests, are the binding limit.
 *
 * @param rpm           requests per minute the server enforces
 * @param tpm           tokens per minute the server enforces (the {@code usage} it reports, from arrival)
 * @param requests      requests in the batch
 * @param requestTokens about how many tokens each request uses (prompt and answer, as the server counts them)
 * @param concurrency   worker threads sending them
 * @param window        the sliding window the server counts both quotas over, scaled to it
 * @param strategies    the strategies to run, in order
 * @param endpoint      an external endpoint to run against instead of the simulated provider (its limiter
 *                      enforcing the TPM over the window); empty for the simulated provider
 * @param pause         how long to wait between two strategies against the endpoint (zero otherwise)
 */
public record TokenBenchSetup(
        int rpm,
        long tpm,
        int requests,
        int requestTokens,
        int concurrency,
        Duration window,
        List<BenchStrategy> strategies,
        Optional<String> endpoint,
        Duration pause) {

    /** The longest answer each request asks for; the rest of its tokens are prompt. */
    static final int ANSWER_TOKENS = 16;

    /** The smallest request: the answer, a message's overhead and some prompt. */
    public static final int MIN_REQUEST_TOKENS = 64;

    /** How many characters the simulated provider counts as one token. */
    private static final int CHARS_PER_TOKEN = 4;

    /** A message's overhead, in tokens, as the simulated provider counts it. */
    private static final int PER_MESSAGE = 4;

    public TokenBenchSetup {
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(pause, "pause");
        strategies = List.copyOf(strategies);
        if (rpm < 1 || tpm < 1 || requests < 1 || concurrency < 1 || strategies.isEmpty()) {
            throw new IllegalArgumentException("rpm, tpm, requests, concurrency and strategies must be positive");
        }
        if (requestTokens < MIN_REQUEST_TOKENS) {
            throw new IllegalArgumentException("a request must carry at least " + MIN_REQUEST_TOKENS + " tokens");
        }
        if (window.toNanos() < 60_000_000_000L / rpm) {
            throw new IllegalArgumentException("the window must hold at least one request");
        }
        long perWindow = scaled(tpm, window);
        if (perWindow < requestTokens) {
            throw new IllegalArgumentException("the window must hold at least one request's tokens: " + perWindow
                    + " tokens per " + window.toMillis() + " ms < " + requestTokens);
        }
    }

    /** A setup against the simulated provider. */
    public TokenBenchSetup(
            int rpm,
            long tpm,
            int requests,
            int requestTokens,
            int concurrency,
            Duration window,
            List<BenchStrategy> strategies) {
        this(rpm, tpm, requests, requestTokens, concurrency, window, strategies, Optional.empty(), Duration.ZERO);
    }

    /** A custom tier at the RPM and TPM, no daily quota. */
    public Tier tier() {
        return Tier.custom(rpm).withTokenLimits(OptionalLong.of(tpm), OptionalLong.empty());
    }

    /** The TPM scaled to the window: the tokens the server admits in any window. */
    public long tokensPerWindow() {
        return scaled(tpm, window);
    }

    private static long scaled(long perMinute, Duration window) {
        return Math.round(perMinute * (window.toNanos() / 60e9));
    }

    /** The same load seen as a requests-only setup (the server's RPM, window and the client's tier). */
    BenchSetup requestSide() {
        return new BenchSetup(tier(), requests, concurrency, Duration.ZERO, strategies, window);
    }

    /** The token-bound ideal of {@code tokens} in all: {@code tokens / TPM} minutes. */
    public Duration ideal(long tokens) {
        return Duration.ofNanos(Math.round(tokens * 60e9 / tpm));
    }

    /**
     * Request number {@code index}: a prompt of {@code requestTokens - 16 - 4} tokens as the simulated provider
     * counts them (four characters each), different for every index, and an answer of at most 16 tokens.
     */
    ChatRequest request(int index) {
        int promptChars = (requestTokens - ANSWER_TOKENS - PER_MESSAGE) * CHARS_PER_TOKEN;
        StringBuilder prompt =
                new StringBuilder("Benchmark request ").append(index).append(':');
        while (prompt.length() < promptChars) {
            prompt.append(" token budget");
        }
        prompt.setLength(promptChars);
        return ChatRequest.builder()
                .withUserMessage(prompt.toString())
                .withMaxTokens(ANSWER_TOKENS)
                .build();
    }
}
