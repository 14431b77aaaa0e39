package dev.progressivebackoff.cli.internal;

import dev.progressivebackoff.client.ChatRequest;
import dev.progressivebackoff.client.ClientSettings;
import dev.progressivebackoff.client.RateLimitSettings;
import dev.progressivebackoff.client.TeacherClient;
import dev.progressivebackoff.core.Seconds;
import dev.progressivebackoff.core.SystemTimeSource;
import dev.progressivebackoff.core.Tier;
import dev.progressivebackoff.core.TierCatalog;
import dev.progressivebackoff.core.retry.RetryEvent;
import dev.progressivebackoff.simulator.RetryAfterStyle;
import dev.progressivebackoff.simulator.SimulatedProvider;
import dev.progressivebackoff.verification.DocumentedSchedule;
import dev.progressivebackoff.verification.SimulatedClock;
import dev.progressivebackoff.verification.endtoend.EndToEndReplay;
import dev.progressivebackoff.verification.endtoend.EndToEndReport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The checks of {@code backoff verify}: each replays documented behaviour through the real
 * {@link TeacherClient} and HttpClient5 transport against a real local server, on the simulated clock.
 */
public final class VerificationSuite {

    private static final String KEY = "sk-verify-local";

    /** Runs every check, in order. */
    public List<VerifyRow> run() {
        List<VerifyRow> rows = new ArrayList<>();
        EndToEndReport free = null;
        warmUp();
        for (DocumentedSchedule schedule : DocumentedSchedule.all()) {
            long start = SystemTimeSource.INSTANCE.nanoTime();
            EndToEndReport report = EndToEndReplay.builder()
                    .withTier(TierCatalog.moonshot().require(schedule.tier()))
                    .build()
                    .run();
            rows.add(scheduleRow(schedule, report, wallSince(start)));
            if (schedule.tier().equals("free")) {
                free = report;
            }
        }
        for (RetryAfterStyle style : List.of(RetryAfterStyle.SECONDS, RetryAfterStyle.DATE, RetryAfterStyle.MS)) {
            rows.add(timed(() -> retryAfterRow(style)));
        }
        rows.add(timed(this::tierDetectionRow));
        rows.add(excludes429Row(free));
        return rows;
    }

    /**
     * One untimed replay first, so that the JVM's one-time work (loading and compiling the HTTP client, the
     * JSON parser, the loopback server) is not billed to whichever row happens to run first: each row's
     * "replayed in" then measures that replay alone.
     */
    private static void warmUp() {
        EndToEndReplay.builder()
                .withTier(TierCatalog.moonshot().require("tier5"))
                .build()
                .run();
    }

    private static VerifyRow scheduleRow(DocumentedSchedule schedule, EndToEndReport report, String wall) {
        boolean passed = report.waits().equals(schedule.waits())
                && report.requestsReceived() == schedule.attempts()
                && report.failure()
                        .filter(f -> f.contains(DocumentedSchedule.FINAL_MESSAGE))
                        .isPresent();
        String waits = report.waits().stream().map(Seconds::format).collect(Collectors.joining(" → "));
        return new VerifyRow(
                "Progressive Backoff (" + schedule.tier() + ")",
                passed,
                waits + ", total "
                        + Seconds.format(report.totalWait()) + " (documented " + Seconds.format(schedule.totalWait())
                        + "); "
                        + report.requestsReceived() + " requests; "
                        + report.failure().orElse("no failure") + "; replayed in "
                        + wall);
    }

    private VerifyRow retryAfterRow(RetryAfterStyle style) {
        SimulatedClock clock = new SimulatedClock();
        List<RetryEvent.RateLimited> limited = new CopyOnWriteArrayList<>();
        try (SimulatedProvider provider = SimulatedProvider.builder()
                .withRpm(1)
                .withMaxConcurrency(10)
                .withRetryAfter(style)
                .withTimeSource(clock)
                .withApiKey(KEY)
                .build()) {
            String endpoint = provider.start().toString();
            ClientSettings settings = ClientSettings.builder()
                    .withEndpoint(endpoint)
                    .withRateLimit(RateLimitSettings.builder()
                            .withTier("free")
                            .withSkipTierDetection(true)
                            .withPace(false)
                            .build())
                    .build();
            try (TeacherClient client = client(settings, clock, limited)) {
                client.chat(ChatRequest.ofUserMessage("first"));
                client.chat(ChatRequest.ofUserMessage("second"));
            }
            String header = style == RetryAfterStyle.MS ? "retry-after-ms" : "retry-after";
            Optional<RetryEvent.RateLimited> wait = limited.stream().findFirst();
            boolean exact = wait.map(w -> style == RetryAfterStyle.DATE
                            ? w.delay().compareTo(Duration.ofSeconds(60)) >= 0
                                    && w.delay().compareTo(Duration.ofSeconds(61)) <= 0
                            : w.delay().equals(Duration.ofSeconds(60)))
                    .orElse(false);
            boolean passed = limited.size() == 1
                    && exact
                    && wait.get().source().wireName().equals(header)
                    && provider.stats().requests() == 3;
            return new VerifyRow(
                    "Retry-After header (" + style.cliName() + ")",
                    passed,
                    "429 asking for 60 s via "
                            + header + " → waited "
                            + wait.map(w -> Seconds.format(w.delay()) + " (source "
                                            + w.source().wireName() + ")")
                                    .orElse("nothing")
                            + " instead of the free tier's 20.0s, then 200; "
                            + provider.stats().requests() + " requests");
        }
    }

    private VerifyRow tierDetectionRow() {
        List<String> notes = new ArrayList<>();
        boolean passed = true;
        for (String name : List.of("free", "tier1", "tier2")) {
            Tier expected = TierCatalog.moonshot().require(name);
            SimulatedClock clock = new SimulatedClock();
            List<String> lines = new CopyOnWriteArrayList<>();
            try (SimulatedProvider provider = SimulatedProvider.builder()
                    .withTier(expected)
                    .withTimeSource(clock)
                    .withApiKey(KEY)
                    .build()) {
                ClientSettings settings = ClientSettings.builder()
                        .withEndpoint(provider.start().toString())
                        .build();
                Optional<Tier> detected;
                try (TeacherClient client = TeacherClient.builder()
                        .withSettings(settings)
                        .withApiKey(KEY)
                        .withTimeSource(clock)
                        .withSleeper(clock)
                        .onLogLine(lines::add)
                        .build()) {
                    detected = client.detectTier();
                }
                String line = "Detected tier: " + expected.describe();
                boolean ok =
                        detected.map(Tier::name).filter(expected.name()::equals).isPresent()
                                && lines.stream().anyMatch(l -> l.contains(line))
                                && provider.stats().requests() == 1;
                passed &= ok;
                notes.add("x-ratelimit-limit-requests: " + expected.requestsPerMinute() + " → "
                        + detected.map(Tier::describe).orElse("nothing"));
            }
        }
        return new VerifyRow("Tier Detection", passed, String.join("; ", notes) + "; 1 request each");
    }

    private static VerifyRow excludes429Row(EndToEndReport free) {
        if (free == null) {
            return new VerifyRow("HTTP retries exclude 429", false, "the free tier replay did not run");
        }
        boolean passed =
                free.requestsReceived() == DocumentedSchedule.forTier("free").attempts();
        return new VerifyRow(
                "HTTP retries exclude 429",
                passed,
                "always-429 server received "
                        + free.requestsReceived() + " requests for "
                        + DocumentedSchedule.forTier("free").attempts()
                        + " rate-limit attempts (1 request per 429; the transport retried none)");
    }

    private static TeacherClient client(
            ClientSettings settings, SimulatedClock clock, List<RetryEvent.RateLimited> limited) {
        return TeacherClient.builder()
                .withSettings(settings)
                .withApiKey(KEY)
                .withTimeSource(clock)
                .withSleeper(clock)
                .onEvent(event -> {
                    if (event instanceof RetryEvent.RateLimited rateLimited) {
                        limited.add(rateLimited);
                    }
                })
                .build();
    }

    private static VerifyRow timed(Supplier<VerifyRow> check) {
        long start = SystemTimeSource.INSTANCE.nanoTime();
        VerifyRow row;
        try {
            row = check.get();
        } catch (RuntimeException failure) {
            return new VerifyRow("(check failed to run)", false, String.valueOf(failure.getMessage()));
        }
        return new VerifyRow(row.component(), row.passed(), row.notes() + "; replayed in " + wallSince(start));
    }

    private static String wallSince(long startNanos) {
        return (SystemTimeSource.INSTANCE.nanoTime() - startNanos) / 1_000_000 + " ms";
    }
}
