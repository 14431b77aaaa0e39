package dev.progressivebackoff.micrometer;

import dev.progressivebackoff.core.Tier;
import dev.progressivebackoff.core.retry.AttemptRecord;
import dev.progressivebackoff.core.retry.RetryEvent;
import dev.progressivebackoff.core.retry.RetryListener;
import dev.progressivebackoff.core.signals.WaitSource;
import dev.progressivebackoff.pacing.PacerState;
import dev.progressivebackoff.transport.httpclient5.PoolStats;
import dev.progressivebackoff.transport.httpclient5.TransportRetryEvent;
import dev.progressivebackoff.transport.httpclient5.TransportRetryListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Micrometer meters for the toolkit: a {@link MeterBinder} that is also the listener of the rate-limit loop
 * ({@link RetryListener}) and of the transport ({@link TransportRetryListener}). Register it on a
 * {@code TeacherClientBuilder} with {@code onEvent(metrics)} and {@code onTransportRetry(metrics)} (or on a
 * {@code RateLimitRetryLoop.Builder} and an {@code HttpClient5TransportBuilder}), then bind it to one or more
 * registries; {@link #gauges} adds the pacer's and the pool's gauges. Events told before any registry is bound
 * are counted from the first {@link #bindTo} on.
 *
 * <p>Meters (all prefixed {@code progressive.backoff.}; see docs/metrics.md): {@code requests},
 * {@code rate.limited} (tags {@code source}, {@code origin}, {@code tier}), {@code retries} ({@code kind}),
 * {@code calls} ({@code outcome}, {@code reason}), the timer {@code wait} ({@code kind}, {@code origin}), and the
 * gauges {@code pacer.*} and {@code pool.*}. Every tag value comes from a small fixed set (tier names from the
 * tier catalog); no meter carries the API key, a URI or a server message. Thread-safe.
 */
public final class ProgressiveBackoffMetrics implements MeterBinder, RetryListener, TransportRetryListener {

    /** The prefix of every meter name. */
    public static final String PREFIX = "progressive.backoff.";

    /** Holds the meters; each registry bound is added to it, so meters made before a binding reach it too. */
    private final CompositeMeterRegistry meters = new CompositeMeterRegistry();

    private final Tags tags;

    private ProgressiveBackoffMetrics(Tags tags) {
        this.tags = tags;
    }

    /** Metrics without tags of their own. */
    public static ProgressiveBackoffMetrics create() {
        return new ProgressiveBackoffMetrics(Tags.empty());
    }

    /**
     * Metrics whose every meter also carries {@code tags}, e.g. {@code Tags.of("client", "teacher")} to tell
     * several clients apart. Keep their values bounded: never an API key or a user-supplied string.
     *
     * @param tags the tags added to every meter
     * @return the metrics
     */
    public static ProgressiveBackoffMetrics create(Iterable<Tag> tags) {
        return new ProgressiveBackoffMetrics(Tags.of(Objects.requireNonNull(tags, "tags")));
    }

    /** Records the counters and timers in {@code registry} from now on (several registries may be bound). */
    @Override
    public void bindTo(MeterRegistry registry) {
        meters.add(Objects.requireNonNull(registry, "registry"));
    }

    /**
     * The gauges of a pacer and a connection pool, read when the registry publishes, e.g.
     * {@code metrics.gauges(client::pacerState, client::poolStats).bindTo(registry)}.
     *
     * @param pacer the pacer's state now, e.g. {@code TeacherClient::pacerState}
     * @param pool  the pool's state now, e.g. {@code HttpClient5Transport::poolStats}
     * @return a binder of the gauges, tagged like this binder's meters
     */
    public MeterBinder gauges(Supplier<PacerState> pacer, Supplier<PoolStats> pool) {
        return new StateGauges(tags, Objects.requireNonNull(pacer, "pacer"), Objects.requireNonNull(pool, "pool"));
    }

    /** Counts the rate-limit loop's event. */
    @Override
    public void onEvent(RetryEvent event) {
        if (event instanceof RetryEvent.RateLimited limited) {
            rateLimited(limited.source(), limited.tier().name());
            counter("retries", Tags.of("kind", "rate-limit")).increment();
            waited("rate-limit", origin(limited.source()), limited.delay());
        } else if (event instanceof RetryEvent.Paced paced) {
            waited("pacer", "pacer", paced.waited());
        } else if (event instanceof RetryEvent.Succeeded succeeded) {
            counter("requests", Tags.empty()).increment(succeeded.attempts());
            counter("calls", Tags.of("outcome", "succeeded", "reason", "none")).increment();
        } else if (event instanceof RetryEvent.GaveUp gaveUp) {
            gaveUp(gaveUp);
        } else if (event instanceof RetryEvent.Probed) {
            // a health check or tier detection: its first request (its transport retries are told by onRetry)
            counter("requests", Tags.empty()).increment();
        }
    }

    /** Counts the transport's retry: one more request, and its wait. */
    @Override
    public void onRetry(TransportRetryEvent event) {
        counter("requests", Tags.empty()).increment();
        counter("retries", Tags.of("kind", "transport")).increment();
        waited("transport", origin(event.source()), event.delay());
    }

    private void gaveUp(RetryEvent.GaveUp gaveUp) {
        counter("requests", Tags.empty()).increment(gaveUp.attempts().size());
        counter("calls", Tags.of("outcome", "gave-up", "reason", gaveUp.cause().wireName()))
                .increment();
        AttemptRecord last = gaveUp.attempts().isEmpty()
                ? null
                : gaveUp.attempts().get(gaveUp.attempts().size() - 1);
        if (last != null && last.status() == 429 && last.source() == WaitSource.NONE) {
            // the 429 that ended the call: no wait followed it (one waited out was counted by its RateLimited event,
            // also when the wait was then interrupted or cancelled)
            rateLimited(WaitSource.NONE, gaveUp.tier().map(Tier::name).orElse(null));
        }
    }

    private void rateLimited(WaitSource source, String tier) {
        counter(
                        "rate.limited",
                        Tags.of(
                                "source", source.wireName(),
                                "origin", origin(source),
                                "tier", tier == null ? "none" : tier))
                .increment();
    }

    private void waited(String kind, String origin, Duration wait) {
        Timer.builder(PREFIX + "wait")
                .description("Time spent waiting before a request: rate-limit, pacer and transport waits")
                .tags(tags)
                .tags("kind", kind, "origin", origin)
                .register(meters)
                .record(wait);
    }

    private Counter counter(String name, Tags extra) {
        return Counter.builder(PREFIX + name).tags(tags).tags(extra).register(meters);
    }

    /**
     * Who chose a wait: {@code header} (a rate-limit or retry header), {@code body} (a hint in the error body),
     * {@code policy} (the toolkit's own schedule) or {@code none}.
     */
    static String origin(WaitSource source) {
        return switch (source) {
            case BODY_HINT, RETRY_INFO -> "body";
            case TIER_BACKOFF, TRANSPORT_BACKOFF -> "policy";
            case NONE -> "none";
            default -> "header";
        };
    }
}
