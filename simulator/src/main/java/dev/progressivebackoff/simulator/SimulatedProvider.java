package dev.progressivebackoff.simulator;

import com.sun.net.httpserver.HttpServer;
import dev.progressivebackoff.core.Sleeper;
import dev.progressivebackoff.core.SystemSleeper;
import dev.progressivebackoff.core.SystemTimeSource;
import dev.progressivebackoff.core.Tier;
import dev.progressivebackoff.core.TierCatalog;
import dev.progressivebackoff.core.TimeSource;
import dev.progressivebackoff.simulator.internal.Counters;
import dev.progressivebackoff.simulator.internal.FaultInjector;
import dev.progressivebackoff.simulator.internal.FaultPlan;
import dev.progressivebackoff.simulator.internal.ProviderConfig;
import dev.progressivebackoff.simulator.internal.ProviderHandler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A rate-limited, OpenAI-compatible HTTP server on loopback that behaves like Moonshot: {@code POST
 * /v1/chat/completions} answers with a deterministic completion and usage (with {@code "stream": true}, the same
 * completion as OpenAI streams it: {@code chat.completion.chunk} server-sent events, the usage chunk when
 * {@code stream_options.include_usage} asks for it, then {@code [DONE]}), {@code GET /v1/models} lists
 * models, and each API key gets the tier's requests per minute over a sliding window and its maximum
 * concurrency. Over-limit requests get 429 with a Moonshot body ("please try again after N seconds");
 * every response carries {@code x-ratelimit-limit-requests}, {@code -remaining-requests} and
 * {@code -reset-requests}. It can also misbehave on purpose ({@link Builder#withFault}): 5xx bursts,
 * dropped connections, answers slower than a client's timeout, broken, cut-off, HTML, empty or huge bodies.
 *
 * <pre>{@code
 * try (SimulatedProvider provider = SimulatedProvider.builder().withTier(TierCatalog.moonshot().require("tier1")).build()) {
 *     URI baseUri = provider.start(); // http://127.0.0.1:<port>/v1
 *     ...
 * }
 * }</pre>
 */
public final class SimulatedProvider implements AutoCloseable {

    /** The models {@code GET /v1/models} lists unless told otherwise; the first is the default model. */
    public static final List<String> DEFAULT_MODELS =
            List.of("moonshot-v1-8k", "moonshot-v1-32k", "moonshot-v1-128k", "kimi-k2-0711-preview");

    private final ProviderConfig config;
    private final String host;
    private final int port;
    private final int threads;
    private final Counters counters = new Counters();
    private final FaultInjector faults;
    /** A lock, not a monitor: stopping the server waits for its dispatcher, which must not pin a virtual thread. */
    private final ReentrantLock lifecycle = new ReentrantLock();
    /** Guarded by {@link #lifecycle}, as the two below. */
    private HttpServer server;

    private ExecutorService executor;
    private URI baseUri;

    private SimulatedProvider(Builder builder) {
        Tier tier = builder.tier;
        int rpm = builder.rpm > 0 ? builder.rpm : tier.requestsPerMinute();
        int concurrency = builder.maxConcurrency > 0
                ? builder.maxConcurrency
                : tier.maxConcurrency().orElse(64);
        this.config = new ProviderConfig(
                rpm,
                builder.window,
                concurrency,
                builder.apiKey,
                builder.retryAfter,
                builder.latency,
                builder.errorRate,
                builder.models,
                builder.timeSource,
                builder.sleeper,
                new Random(builder.seed),
                builder.faults,
                builder.tokensPerMinute,
                builder.tokensPerDay,
                builder.dayWindow);
        this.faults = new FaultInjector(config.faults(), config.random());
        this.host = builder.host;
        this.port = builder.port;
        this.threads = builder.threads > 0 ? builder.threads : Math.min(concurrency, 256) + 8;
    }

    /** A builder for Moonshot's free tier on a random loopback port, real time, no latency, no errors. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The JDK HTTP server's switch for {@code TCP_NODELAY}, read once, when the JVM's first server starts.
     * Without it, each response body waits on the client's delayed ACK of the headers, about 40 ms per
     * request on a kept-alive connection. The provider does not set it (a JVM-wide setting is the
     * application's call): run with {@code -Dsun.net.httpserver.nodelay=true}, or set it in the
     * application's {@code main} or the test setup before the first server starts. The {@code backoff} CLI
     * and this project's builds do.
     */
    public static final String NO_DELAY_PROPERTY = "sun.net.httpserver.nodelay";

    /**
     * Binds and starts the server. It changes no JVM-wide setting; see {@link #NO_DELAY_PROPERTY} for
     * answers without a 40 ms stall.
     *
     * @return the base URI clients use, {@code http://<host>:<port>/v1}
     * @throws UncheckedIOException if the address cannot be bound
     * @throws IllegalStateException if already started
     */
    public URI start() {
        lifecycle.lock();
        try {
            if (server != null) {
                throw new IllegalStateException("the simulated provider is already started");
            }
            try {
                server = HttpServer.create(new InetSocketAddress(host, port), 0);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot bind the simulated provider to " + host + ":" + port, e);
            }
            executor = Executors.newFixedThreadPool(threads, daemonThreads());
            server.setExecutor(executor);
            server.createContext("/", new ProviderHandler(config, counters, faults));
            server.start();
            InetSocketAddress bound = server.getAddress();
            baseUri = URI.create("http://" + hostForUri(bound) + ":" + bound.getPort() + "/v1");
            return baseUri;
        } finally {
            lifecycle.unlock();
        }
    }

    /** The base URI, once started. */
    public URI baseUri() {
        lifecycle.lock();
        try {
            if (baseUri == null) {
                throw new IllegalStateException("the simulated provider is not started");
            }
            return baseUri;
        } finally {
            lifecycle.unlock();
        }
    }

    /** The requests per minute announced and enforced. */
    public int requestsPerMinute() {
        return config.requestsPerMinute();
    }

    /** The most requests one key may have in flight. */
    public int maxConcurrency() {
        return config.maxConcurrency();
    }

    /** The tokens per minute enforced per key (0: none). */
    public long tokensPerMinute() {
        return config.tokensPerMinute();
    }

    /** The tokens per day enforced per key (0: none). */
    public long tokensPerDay() {
        return config.tokensPerDay();
    }

    /** The sliding window the limit is enforced over. */
    public Duration window() {
        return config.window();
    }

    /** Counts over every key. */
    public ProviderStats stats() {
        return counters.total();
    }

    /** How many times each fault was injected so far (faults never injected are absent). */
    public Map<Fault, Long> faultsInjected() {
        return faults.injected();
    }

    /** Counts for the requests that carried {@code apiKey} as bearer token ({@code ""} for none). */
    public ProviderStats stats(String apiKey) {
        return counters.forKey(apiKey);
    }

    /** Stops the server at once; requests in flight are cut off. Safe to call twice. */
    @Override
    public void close() {
        lifecycle.lock();
        try {
            if (server != null) {
                server.stop(0);
                executor.shutdownNow();
                server = null;
            }
        } finally {
            lifecycle.unlock();
        }
    }

    @Override
    public String toString() {
        return "SimulatedProvider(rpm=" + config.requestsPerMinute() + ", window=" + config.window()
                + ", concurrency=" + config.maxConcurrency() + ", retryAfter="
                + config.retryAfter().cliName()
                + (baseUri == null ? "" : ", " + baseUri) + ")";
    }

    private static String hostForUri(InetSocketAddress bound) {
        String address = bound.getAddress().getHostAddress();
        return address.contains(":") ? "[" + address + "]" : address;
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "simulated-provider-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** Configures a {@link SimulatedProvider}; not thread-safe. Every method validates at once. */
    public static final class Builder {
        private Tier tier = TierCatalog.moonshot().require("free");
        private int rpm;
        private int maxConcurrency;
        private Duration window = Duration.ofMinutes(1);
        private Optional<String> apiKey = Optional.empty();
        private RetryAfterStyle retryAfter = RetryAfterStyle.NONE;
        private Duration latency = Duration.ZERO;
        private double errorRate;
        private long seed = 42;
        private FaultPlan faults = FaultPlan.NONE;
        private List<String> models = DEFAULT_MODELS;
        private TimeSource timeSource = SystemTimeSource.INSTANCE;
        private Sleeper sleeper = SystemSleeper.INSTANCE;
        private String host = "127.0.0.1";
        private int port;
        private int threads;
        private long tokensPerMinute;
        private long tokensPerDay;
        private Duration dayWindow = Duration.ofDays(1);

        private Builder() {}

        /**
         * Tokens per minute each key may spend (the {@code usage} its responses report, counted from arrival,
         * scaled to the window like the RPM); none by default, whatever the tier says. A request that would
         * exceed it gets a 429 naming the TPM.
         */
        public Builder withTokensPerMinute(long tokens) {
            this.tokensPerMinute = positive(tokens, "tokensPerMinute");
            return this;
        }

        /**
         * Tokens per day each key may spend, over {@link #withDayWindow the day window}; none by default. Once
         * spent, requests get a 429 naming the TPD (a daily cap: retrying before it resets cannot help).
         */
        public Builder withTokensPerDay(long tokens) {
            this.tokensPerDay = positive(tokens, "tokensPerDay");
            return this;
        }

        /** The sliding window the daily token limit is enforced over: a day by default, shorter for tests. */
        public Builder withDayWindow(Duration newWindow) {
            Objects.requireNonNull(newWindow, "dayWindow");
            if (newWindow.isNegative() || newWindow.isZero()) {
                throw new IllegalArgumentException("dayWindow must be positive: " + newWindow);
            }
            this.dayWindow = newWindow;
            return this;
        }

        /** The tier whose RPM and concurrency are enforced (Moonshot free by default). */
        public Builder withTier(Tier newTier) {
            this.tier = Objects.requireNonNull(newTier, "tier");
            return this;
        }

        /** An explicit requests-per-minute limit, overriding the tier's. */
        public Builder withRpm(int requestsPerMinute) {
            this.rpm = positive(requestsPerMinute, "rpm");
            return this;
        }

        /** An explicit concurrency limit, overriding the tier's. */
        public Builder withMaxConcurrency(int concurrency) {
            this.maxConcurrency = positive(concurrency, "maxConcurrency");
            return this;
        }

        /**
         * The sliding window the RPM is enforced over: 60 s (a real per-minute limit) by default; a shorter
         * one admits RPM × window / 60 s requests per window, for quick demonstrations.
         */
        public Builder withWindow(Duration newWindow) {
            Objects.requireNonNull(newWindow, "window");
            if (newWindow.isNegative() || newWindow.isZero()) {
                throw new IllegalArgumentException("window must be positive: " + newWindow);
            }
            this.window = newWindow;
            return this;
        }

        /** Accept only this bearer key (401 otherwise). Without it, any key — or none — is accepted. */
        public Builder withApiKey(String key) {
            Objects.requireNonNull(key, "apiKey");
            if (key.isBlank()) {
                throw new IllegalArgumentException("apiKey must not be blank");
            }
            this.apiKey = Optional.of(key);
            return this;
        }

        /** How 429s state their wait in headers ({@link RetryAfterStyle#NONE} by default, like Moonshot). */
        public Builder withRetryAfter(RetryAfterStyle style) {
            this.retryAfter = Objects.requireNonNull(style, "retryAfter");
            return this;
        }

        /** How long each admitted request takes, waited through the sleeper. */
        public Builder withLatency(Duration newLatency) {
            Objects.requireNonNull(newLatency, "latency");
            if (newLatency.isNegative()) {
                throw new IllegalArgumentException("latency must not be negative: " + newLatency);
            }
            this.latency = newLatency;
            return this;
        }

        /** Probability in [0, 1] that an admitted request fails with 500. */
        public Builder withErrorRate(double rate) {
            if (!(rate >= 0 && rate <= 1)) {
                throw new IllegalArgumentException("errorRate must be in [0, 1]: " + rate);
            }
            this.errorRate = rate;
            return this;
        }

        /**
         * Injects {@code fault} into chat completions with probability {@code rate} in [0, 1] per admitted
         * request (1 = every one). Several faults may be set; each request gets at most one.
         */
        public Builder withFault(Fault fault, double rate) {
            Objects.requireNonNull(fault, "fault");
            this.faults = faults.with(fault, rate);
            return this;
        }

        /** How many consecutive 5xx one {@link Fault#SERVER_ERROR_BURST} sends (3 by default). */
        public Builder withBurstLength(int length) {
            this.faults = faults.withBurstLength(positive(length, "burstLength"));
            return this;
        }

        /** How late a {@link Fault#SLOW_RESPONSE} answers, waited through the sleeper (30 s by default). */
        public Builder withSlowResponseDelay(Duration delay) {
            this.faults = faults.withSlowDelay(Objects.requireNonNull(delay, "delay"));
            return this;
        }

        /** How large a {@link Fault#HUGE_BODY} is (16 MiB by default, twice the client's default cap). */
        public Builder withHugeBodyBytes(long bytes) {
            this.faults = faults.withHugeBodyBytes(bytes);
            return this;
        }

        /** The seed of the error injection, for repeatable runs (42 by default). */
        public Builder withSeed(long newSeed) {
            this.seed = newSeed;
            return this;
        }

        /** The model ids listed; the first is used when a request names none. */
        public Builder withModels(List<String> newModels) {
            if (newModels.isEmpty()) {
                throw new IllegalArgumentException("at least one model is needed");
            }
            this.models = List.copyOf(newModels);
            return this;
        }

        /** Where windows and {@code Date} headers read the time. */
        public Builder withTimeSource(TimeSource newTimeSource) {
            this.timeSource = Objects.requireNonNull(newTimeSource, "timeSource");
            return this;
        }

        /** How latency is waited. */
        public Builder withSleeper(Sleeper newSleeper) {
            this.sleeper = Objects.requireNonNull(newSleeper, "sleeper");
            return this;
        }

        /** The interface to bind (127.0.0.1 by default). */
        public Builder withHost(String newHost) {
            this.host = Objects.requireNonNull(newHost, "host");
            return this;
        }

        /** The port to bind; 0 (the default) picks a free one. */
        public Builder withPort(int newPort) {
            if (newPort < 0 || newPort > 65_535) {
                throw new IllegalArgumentException("port must be in 0..65535: " + newPort);
            }
            this.port = newPort;
            return this;
        }

        /** Handler threads; by default the concurrency limit (at most 256) plus 8, so refusals stay quick. */
        public Builder withThreads(int count) {
            this.threads = positive(count, "threads");
            return this;
        }

        /** The provider, not yet started. */
        public SimulatedProvider build() {
            return new SimulatedProvider(this);
        }

        private static int positive(int value, String name) {
            if (value <= 0) {
                throw new IllegalArgumentException(name + " must be positive: " + value);
            }
            return value;
        }

        private static long positive(long value, String name) {
            if (value <= 0) {
                throw new IllegalArgumentException(name + " must be positive: " + value);
            }
            return value;
        }
    }
}
