package dev.progressivebackoff.cli.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.progressivebackoff.cli.UsageException;
import dev.progressivebackoff.core.Seconds;
import dev.progressivebackoff.core.Tier;
import dev.progressivebackoff.core.TierCatalog;
import dev.progressivebackoff.core.policy.BackoffDecision;
import dev.progressivebackoff.core.policy.BackoffPolicy;
import dev.progressivebackoff.core.policy.PolicyOptions;
import dev.progressivebackoff.core.policy.RetryContext;
import dev.progressivebackoff.core.policy.TierDetectors;
import dev.progressivebackoff.core.policy.UnknownProviderException;
import dev.progressivebackoff.core.retry.RetriesExhaustedException;
import dev.progressivebackoff.core.signals.RateLimitSignals;
import dev.progressivebackoff.core.signals.ServerHint;
import dev.progressivebackoff.core.signals.WaitSource;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * What the toolkit would do with one response, and why: the decision, the wait and its source, the
 * tier, and a sentence of reasoning. Built by {@link Builder#explain}; printed as text or as the stable
 * JSON of {@code backoff explain}.
 *
 * @param decision   {@code retry} or {@code give_up}
 * @param waitTime   the wait before the retry; empty when there is none
 * @param source     where the wait came from ({@code retry-after}, {@code tier-backoff}, ...); empty when none
 * @param retry      the retry asked about
 * @param maxRetries how many retries the deciding loop allows
 * @param tier       the tier in force
 * @param reason     why
 * @param signals    the parsed response, for the text form
 */
public record Explanation(
        String decision,
        Optional<Duration> waitTime,
        Optional<String> source,
        int retry,
        int maxRetries,
        Tier tier,
        String reason,
        RateLimitSignals signals) {

    /** The transport's own retries for 5xx (TransportSettings defaults): 5 retries, factor 2.0, capped at 120 s. */
    static final int TRANSPORT_MAX_RETRIES = 5;

    static final double TRANSPORT_FACTOR = 2.0;
    static final Duration TRANSPORT_CAP = Duration.ofSeconds(120);

    /** The stable JSON of {@code backoff explain --format json}. */
    public String toJson() {
        ObjectNode node = new ObjectMapper().createObjectNode();
        node.put("decision", decision);
        if (waitTime.isPresent()) {
            node.put("wait_s", Formats.seconds(waitTime.get()));
        } else {
            node.putNull("wait_s");
        }
        if (source.isPresent()) {
            node.put("source", source.get());
        } else {
            node.putNull("source");
        }
        node.put("retry", retry);
        node.put("max_retries", maxRetries);
        node.put("tier", tier.name());
        node.put("reason", reason);
        try {
            return new ObjectMapper().writeValueAsString(node);
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /** A few aligned lines for people. */
    public String toText() {
        StringBuilder text = new StringBuilder();
        text.append("Decision: ")
                .append(
                        decision.equals("retry")
                                ? "retry after " + Seconds.format(waitTime.orElse(Duration.ZERO)) + " (retry " + retry
                                        + "/" + maxRetries + ")"
                                : "give up")
                .append('\n');
        text.append("Source:   ").append(source.orElse("none")).append('\n');
        text.append("Tier:     ").append(tier.describe()).append('\n');
        text.append("Reason:   ").append(reason).append('\n');
        text.append("Response: HTTP ")
                .append(signals.status())
                .append(", ")
                .append(signals.classification().kind())
                .append(" (")
                .append(signals.classification().reason())
                .append(')');
        for (ServerHint hint : signals.hints()) {
            text.append('\n')
                    .append("Hint:     ")
                    .append(hint.source().wireName())
                    .append(" = ")
                    .append(Seconds.format(hint.delay()))
                    .append(" (sent as '")
                    .append(hint.raw())
                    .append("')");
        }
        return text.toString();
    }

    /** Works out an {@link Explanation}; not thread-safe. */
    public static final class Builder {
        private final BackoffPolicy policy;
        private final PolicyOptions options;
        private final TierCatalog catalog = TierCatalog.moonshot();
        private String tierChoice = "auto";
        private Integer rpm;
        private Duration maxServerWait = Duration.ofSeconds(900);

        /** Explains the decisions of {@code policy}, configured with {@code options}. */
        public Builder(BackoffPolicy policy, PolicyOptions options) {
            this.policy = policy;
            this.options = options;
        }

        /** The tier: a name, or {@code auto} to read it from the response; {@code rpm} (if not null) wins. */
        public Builder withTierChoice(String name, Integer requestsPerMinute) {
            this.tierChoice = name;
            this.rpm = requestsPerMinute;
            return this;
        }

        /** The longest server wait obeyed. */
        public Builder withMaxServerWait(Duration max) {
            this.maxServerWait = max;
            return this;
        }

        /** The explanation for {@code signals} at retry {@code retry}, the response having arrived {@code now}. */
        public Explanation explain(RateLimitSignals signals, int retry, Instant now) {
            Tier tier = tier(signals);
            return switch (signals.classification().kind()) {
                case SUCCESS ->
                    new Explanation(
                            "give_up",
                            Optional.empty(),
                            Optional.empty(),
                            retry,
                            policy.maxRetries(),
                            tier,
                            "HTTP " + signals.status() + " is a success: nothing to retry",
                            signals);
                case FATAL ->
                    new Explanation(
                            "give_up",
                            Optional.empty(),
                            Optional.empty(),
                            retry,
                            policy.maxRetries(),
                            tier,
                            "not retryable: " + signals.classification().reason()
                                    + signals.serverMessage()
                                            .map(m -> " — " + m)
                                            .orElse(""),
                            signals);
                case TRANSIENT -> transientError(signals, retry, tier);
                case RATE_LIMITED -> rateLimited(signals, retry, tier, now);
            };
        }

        private Explanation rateLimited(RateLimitSignals signals, int retry, Tier tier, Instant now) {
            String what = "HTTP 429"
                    + signals.errorBody().typeValue().map(t -> " (" + t + ")").orElse("");
            if (retry > policy.maxRetries()) {
                return rateLimitGiveUp(
                        Optional.empty(),
                        retry,
                        tier,
                        what + " at retry " + retry + ", past the " + policy.maxRetries() + " allowed: "
                                + RetriesExhaustedException.MESSAGE,
                        signals);
            }
            Duration previous = retry == 1 ? Duration.ZERO : computed(tier, retry - 1);
            BackoffDecision decision = policy.decide(new RetryContext(retry, tier, signals, Duration.ZERO, previous));
            if (decision instanceof BackoffDecision.GiveUp giveUp) {
                return rateLimitGiveUp(Optional.empty(), retry, tier, what + ": " + giveUp.reason(), signals);
            }
            BackoffDecision.Retry wait = (BackoffDecision.Retry) decision;
            String source = wait.source().wireName();
            if (wait.source().isServerHint() && wait.delay().compareTo(maxServerWait) > 0) {
                return rateLimitGiveUp(
                        Optional.of(source),
                        retry,
                        tier,
                        what + ": the server's " + source + " asks for " + Seconds.format(wait.delay())
                                + ", more than the maximum server wait of " + Seconds.format(maxServerWait)
                                + ": fail at once, rate limited until " + now.plus(wait.delay()),
                        signals);
            }
            String formula = "tier " + tier.name() + ": base " + Seconds.format(tier.baseDelay()) + " × "
                    + options.factor() + "^" + (retry - 1) + " = " + Seconds.format(computed(tier, retry));
            String reason = wait.source() == WaitSource.TIER_BACKOFF
                    ? what + " with no server hint: the tier backoff, " + formula
                    : what + ": the server's " + source + " asks for " + Seconds.format(wait.delay())
                            + ", which replaces the tier backoff (" + formula + ")";
            return new Explanation(
                    "retry",
                    Optional.of(wait.delay()),
                    Optional.of(source),
                    retry,
                    policy.maxRetries(),
                    tier,
                    reason,
                    signals);
        }

        private Explanation rateLimitGiveUp(
                Optional<String> source, int retry, Tier tier, String reason, RateLimitSignals signals) {
            return new Explanation(
                    "give_up", Optional.empty(), source, retry, policy.maxRetries(), tier, reason, signals);
        }

        private Explanation transientError(RateLimitSignals signals, int retry, Tier tier) {
            if (retry > TRANSPORT_MAX_RETRIES) {
                return new Explanation(
                        "give_up",
                        Optional.empty(),
                        Optional.empty(),
                        retry,
                        TRANSPORT_MAX_RETRIES,
                        tier,
                        "HTTP " + signals.status() + " at transport retry " + retry + ", past the "
                                + TRANSPORT_MAX_RETRIES + " allowed: the call fails with the server's error",
                        signals);
            }
            Optional<ServerHint> retryAfter = signals.status() == 503
                    ? signals.hints().stream()
                            .filter(h -> h.source() == WaitSource.RETRY_AFTER)
                            .findFirst()
                    : Optional.empty();
            if (retryAfter.isPresent()) {
                return new Explanation(
                        "retry",
                        Optional.of(retryAfter.get().delay()),
                        Optional.of("retry-after"),
                        retry,
                        TRANSPORT_MAX_RETRIES,
                        tier,
                        "HTTP 503: the transport retries it (not the rate-limit "
                                + "loop) and honours the server's Retry-After",
                        signals);
            }
            double seconds = Math.min(TRANSPORT_FACTOR * Math.pow(2, retry - 1), Seconds.of(TRANSPORT_CAP));
            return new Explanation(
                    "retry",
                    Optional.of(Seconds.toDuration(seconds)),
                    Optional.of("transport-backoff"),
                    retry,
                    TRANSPORT_MAX_RETRIES,
                    tier,
                    "HTTP " + signals.status() + ": the transport retries it "
                            + "(not the rate-limit loop): " + TRANSPORT_FACTOR + " × 2^" + (retry - 1)
                            + " s, capped at "
                            + Seconds.format(TRANSPORT_CAP),
                    signals);
        }

        private Duration computed(Tier tier, int retry) {
            double nanos = tier.baseDelay().toNanos() * Math.pow(options.factor(), retry - 1);
            return nanos >= Seconds.SATURATED.toNanos() ? Seconds.SATURATED : Duration.ofNanos(Math.round(nanos));
        }

        private Tier tier(RateLimitSignals signals) {
            if (rpm != null) {
                return catalog.forRpm(rpm);
            }
            if (!"auto".equalsIgnoreCase(tierChoice)) {
                try {
                    return catalog.require(tierChoice);
                } catch (IllegalArgumentException unknown) {
                    throw new UsageException("--tier: " + unknown.getMessage() + ", auto");
                }
            }
            return detected(signals).orElse(catalog.require("free"));
        }

        private Optional<Tier> detected(RateLimitSignals signals) {
            try {
                return TierDetectors.load().get(TierDetectors.DEFAULT_NAME).detect(signals, catalog);
            } catch (UnknownProviderException noDetector) {
                return signals.requestQuota().map(quota -> catalog.forRpm(quota.requestsPerMinute()));
            }
        }
    }
}
