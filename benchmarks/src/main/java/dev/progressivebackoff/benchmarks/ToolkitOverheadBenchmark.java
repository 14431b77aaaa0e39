package dev.progressivebackoff.benchmarks;

import dev.progressivebackoff.backoff.HeaderTierDetector;
import dev.progressivebackoff.backoff.TierAwareExponentialBackoff;
import dev.progressivebackoff.core.Tier;
import dev.progressivebackoff.core.TierCatalog;
import dev.progressivebackoff.core.policy.BackoffDecision;
import dev.progressivebackoff.core.policy.BackoffPolicy;
import dev.progressivebackoff.core.policy.RetryContext;
import dev.progressivebackoff.core.retry.TierTracker;
import dev.progressivebackoff.core.signals.ErrorBody;
import dev.progressivebackoff.core.signals.RateLimitSignals;
import dev.progressivebackoff.core.signals.ResponseHeaders;
import dev.progressivebackoff.pacing.Pacer;
import dev.progressivebackoff.pacing.Permit;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The toolkit's own work per request, without any I/O: parsing the rate-limit signals of a typical 200
 * response (Moonshot's {@code x-ratelimit-*} headers), the policy's decision on a typical 429, a pacer permit
 * taken and returned when one is free, and all of a successful request's bookkeeping together (parse, tier
 * tracking, permit, the pacer learning from the headers). Report allocation with {@code -prof gc}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class ToolkitOverheadBenchmark {

    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
    private static final Tier TIER1 = TierCatalog.moonshot().require("tier1");

    private ResponseHeaders ok;
    private ResponseHeaders tooMany;
    private ErrorBody tooManyBody;
    private BackoffPolicy policy;
    private TierTracker tiers;
    private Pacer pacer;

    /** Builds the responses, the policy, the tier tracker and a pacer whose permits are always free. */
    @Setup
    public void setUp() {
        ok = ResponseHeaders.of(
                "content-type", "application/json; charset=utf-8",
                "date", "Sun, 01 Jun 2025 12:00:00 GMT",
                "x-ratelimit-limit-requests", "200",
                "x-ratelimit-remaining-requests", "187",
                "x-ratelimit-reset-requests", "3.9s",
                "x-ratelimit-limit-tokens", "2000000",
                "x-ratelimit-remaining-tokens", "1998240",
                "x-ratelimit-reset-tokens", "52ms",
                "msh-request-id", "0f7c1c3e-2b8e-11f0-9d3c-0242ac120002");
        tooMany = ResponseHeaders.of(
                "content-type", "application/json; charset=utf-8",
                "date", "Sun, 01 Jun 2025 12:00:00 GMT",
                "x-ratelimit-limit-requests", "200",
                "x-ratelimit-remaining-requests", "0",
                "x-ratelimit-reset-requests", "1.2s");
        tooManyBody = new ErrorBody(
                "rate_limit_reached_error",
                null,
                "Your account org-x<ak-y> request reached "
                        + "organization max RPM: 200, please try again after 1 seconds");
        policy = TierAwareExponentialBackoff.documented();
        tiers = TierTracker.detecting(TIER1, new HeaderTierDetector(), TierCatalog.moonshot());
        AdvancingTime time = new AdvancingTime();
        pacer = Pacer.builder()
                .withTier(TIER1)
                .withTimeSource(time)
                .withSleeper(time)
                .build();
    }

    /** Signal parsing of a typical 200 with rate-limit headers. */
    @Benchmark
    public RateLimitSignals parseSuccess() {
        return RateLimitSignals.parse(200, ok, ErrorBody.EMPTY, NOW);
    }

    /** Parsing a 429 and the policy's decision on it (the server hint wins over the tier's backoff). */
    @Benchmark
    public BackoffDecision parseAndDecide429() {
        RateLimitSignals signals = RateLimitSignals.parse(429, tooMany, tooManyBody, NOW);
        return policy.decide(new RetryContext(1, TIER1, signals, Duration.ZERO, Duration.ZERO));
    }

    /** A permit taken and returned when one is free. */
    @Benchmark
    public void acquireFreePermit() throws InterruptedException {
        pacer.acquire().close();
    }

    /** Everything a successful paced request costs the toolkit: permit, parse, tier tracking, learning. */
    @Benchmark
    @SuppressWarnings("try") // the resource is only held; closing it is the point
    public void successfulRequestBookkeeping(Blackhole hole) throws InterruptedException {
        try (Permit permit = pacer.acquire()) {
            RateLimitSignals signals = RateLimitSignals.parse(200, ok, ErrorBody.EMPTY, NOW);
            hole.consume(tiers.observe(signals));
            pacer.observe(signals);
            hole.consume(signals);
        }
    }
}
