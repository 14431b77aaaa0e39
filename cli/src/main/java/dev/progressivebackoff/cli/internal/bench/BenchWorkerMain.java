package dev.progressivebackoff.cli.internal.bench;

import dev.progressivebackoff.cli.internal.RunOptions;
import dev.progressivebackoff.cli.internal.SharedPacers;
import dev.progressivebackoff.client.ClientSettings;
import dev.progressivebackoff.client.RateLimitSettings;
import dev.progressivebackoff.client.TeacherClient;
import dev.progressivebackoff.client.TeacherClientBuilder;
import dev.progressivebackoff.core.SystemTimeSource;
import dev.progressivebackoff.core.Tier;
import dev.progressivebackoff.transport.httpclient5.TransportSettings;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The hidden entry point of one {@code backoff bench --workers N} worker process: builds a paced
 * {@link TeacherClient} whose pacer lives in Redis and which sends {@code X-Bench-Run: <label>} on every
 * request, sends one warm-up request outside the pacer (unless told not to), prints {@code READY}, waits for
 * {@code GO} on stdin, sends its requests and prints one line per request ({@code DONE <1|0> <epoch µs>}), one
 * per coordination event ({@code EVENT <message>}) and {@code END <completed> <failed> <attempts> <429s>}
 * (attempts and 429s as this client counted them).
 *
 * <p>Arguments: endpoint rpm tierName threads requests redisUrl expectedWorkers label warmUp(true|false). The
 * API key comes from the environment variable {@value #API_KEY_ENV}, never from the command line.
 */
public final class BenchWorkerMain {

    /** The environment variable the worker reads its API key from. */
    public static final String API_KEY_ENV = "PB_BENCH_API_KEY";

    private BenchWorkerMain() {}

    /** Runs one worker; exits 0 when its requests are done, 2 on bad arguments. */
    public static void main(String[] args) throws Exception {
        PrintStream out = System.out;
        if (args.length != 9 || System.getenv(API_KEY_ENV) == null) {
            System.err.println("usage: BenchWorkerMain endpoint rpm tierName threads requests redisUrl workers "
                    + "label warmUp (API key in " + API_KEY_ENV + ")");
            System.exit(2);
        }
        Tier tier = Tier.of(args[2], Integer.parseInt(args[1]));
        int threads = Integer.parseInt(args[3]);
        int requests = Integer.parseInt(args[4]);
        ClientSettings settings = settings(args[0], tier, threads);
        RunOptions options = RunOptions.defaults().withRedis(URI.create(args[5]));
        ClientSideCounts counts = new ClientSideCounts();
        try (SharedPacers shared = SharedPacers.open(
                options,
                settings.rateLimit().pace(),
                Integer.parseInt(args[6]),
                event -> line(out, "EVENT " + event.message()))) {
            TeacherClientBuilder builder = TeacherClient.builder()
                    .withSettings(settings)
                    .withApiKey(System.getenv(API_KEY_ENV))
                    .withHeader(BenchClients.RUN_HEADER, args[7])
                    .onEvent(counts)
                    .onTransportRetry(counts);
            shared.registry().ifPresent(builder::withPacerRegistry);
            try (TeacherClient client = builder.build()) {
                if (Boolean.parseBoolean(args[8])) {
                    warmUp(settings);
                }
                awaitGo(out);
                RequestBatch.Outcome outcome = new RequestBatch(client, threads, SystemTimeSource.INSTANCE)
                        .run(requests, (ok, endNanos) -> line(out, "DONE " + (ok ? 1 : 0) + " " + nowMicros()));
                line(
                        out,
                        "END " + outcome.completed() + " " + outcome.failed() + " " + counts.attempts() + " "
                                + counts.rateLimited());
            }
        }
        out.flush();
        System.exit(0);
    }

    /** The worker's client settings: the benchmark's quota as a fixed tier, one connection per thread. */
    private static ClientSettings settings(String endpoint, Tier tier, int threads) {
        // plain http:// to any host is allowed: the only credential sent is the benchmark's throwaway key
        return ClientSettings.builder()
                .withEndpoint(endpoint)
                .withRateLimit(RateLimitSettings.builder()
                        .withTier("auto")
                        .withRpm(tier.requestsPerMinute())
                        .withSkipTierDetection(true)
                        .build())
                .withTransport(TransportSettings.builder()
                        .withPoolSize(threads)
                        .withAllowInsecureHttp(true)
                        .build())
                .build();
    }

    /** Says READY, then waits for the parent's GO so that every worker starts at once; exits 3 otherwise. */
    private static void awaitGo(PrintStream out) throws IOException {
        line(out, "READY");
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        if (!"GO".equals(in.readLine())) {
            System.exit(3);
        }
    }

    private static long nowMicros() {
        return ChronoUnit.MICROS.between(Instant.EPOCH, SystemTimeSource.INSTANCE.now());
    }

    /**
     * One request from a separate, unpaced client: the first request of a JVM takes far longer before the
     * server admits it than later ones, which would make the next paced start arrive early.
     */
    private static void warmUp(ClientSettings settings) {
        try (TeacherClient warm = TeacherClient.builder()
                .withSettings(settings)
                .withPace(false)
                .withMaxRateLimitRetries(0)
                .withApiKey(System.getenv(API_KEY_ENV))
                .build()) {
            warm.healthCheck();
        }
    }

    private static void line(PrintStream out, String text) {
        synchronized (out) {
            out.println(text);
            out.flush();
        }
    }

    /** How long a worker may take to start and connect before the parent gives up on it. */
    static final Duration START_TIMEOUT = Duration.ofSeconds(30);
}
