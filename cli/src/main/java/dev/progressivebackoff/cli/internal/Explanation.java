package dev.progressivebackoff.cli.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.progressivebackoff.cli.UsageException;
import dev.progressivebackoff.core.Seconds;
import dev.progressivebackoff.core.Tier;
import dev.progressivebackoff.core.TierCatalog;
import dev.progressivebackoff.core.decision.DecisionContext;
import dev.progressivebackoff.core.decision.DecisionSettings;
import dev.progressivebackoff.core.decision.Retrier;
import dev.progressivebackoff.core.decision.TransportRetryRules;
import dev.progressivebackoff.core.decision.WaitDecider;
import dev.progressivebackoff.core.decision.WaitDecision;
import dev.progressivebackoff.core.policy.BackoffPolicy;
import dev.progressivebackoff.core.policy.PolicyOptions;
import dev.progressivebackoff.core.policy.TierDetectors;
import dev.progressivebackoff.core.policy.UnknownProviderException;
import dev.progressivebackoff.core.signals.RateLimitSignals;
import dev.progressivebackoff.core.signals.ServerHint;
import dev.progressivebackoff.core.signals.WaitSource;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * What the toolkit would do with one response, and why: the {@link WaitDecider}'s decision (the same one the
 * client's loop and transport act on), the wait and its source, the tier, and a sentence of reasoning. Built by {@link Builder#explain}; printed as text or as the stable
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
        private TransportRetryRules transport = TransportRetryRules.DEFAULTS;

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

        /** The transport's retry rules (the defaults unless given). */
        public Builder withTransportRules(TransportRetryRules rules) {
            this.transport = rules;
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
            Duration previous = retry == 1 || signals.status() != 429 ? Duration.ZERO : computed(tier, retry - 1);
            WaitDecision decision = WaitDecider.decide(
                    signals,
                    new DecisionContext(retry, tier, Duration.ZERO, previous, now),
                    new DecisionSettings(policy, maxServerWait, transport));
            int allowed = signals.status() == 429 ? policy.maxRetries() : transport.maxRetries();
            if (decision instanceof WaitDecision.Retry wait) {
                String source = wait.source().wireName();
                String reason = wait.by() == Retrier.TRANSPORT
                        ? transportReason(signals, wait, retry)
                        : rateLimitReason(signals, wait, tier, retry);
                return new Explanation(
                        "retry", Optional.of(wait.delay()), Optional.of(source), retry, allowed, tier, reason, signals);
            }
            WaitDecision.GiveUp giveUp = (WaitDecision.GiveUp) decision;
            Optional<String> source =
                    giveUp.source().isServerHint() ? Optional.of(giveUp.source().wireName()) : Optional.empty();
            return new Explanation(
                    "give_up",
                    Optional.empty(),
                    source,
                    retry,
                    allowed,
                    tier,
                    giveUpReason(signals, giveUp, retry),
                    signals);
        }

        private String giveUpReason(RateLimitSignals signals, WaitDecision.GiveUp giveUp, int retry) {
            String what = what(signals);
            return switch (giveUp.kind()) {
                case SUCCEEDED -> giveUp.reason();
                case NOT_RETRYABLE ->
                    "not retryable: " + giveUp.reason()
                            + signals.serverMessage().map(m -> " — " + m).orElse("");
                case RETRIES_EXHAUSTED ->
                    signals.status() != 429
                            ? giveUp.reason()
                            : retry > policy.maxRetries()
                                    ? what + " at retry " + retry + ", past the " + policy.maxRetries() + " allowed: "
                                            + giveUp.reason()
                                    : what + ": " + giveUp.reason();
                case UNAVAILABLE_UNTIL ->
                    giveUp.source().isServerHint()
                            ? what + ": the server's " + giveUp.source().wireName() + " asks for "
                                    + Seconds.format(giveUp.requested().orElseThrow())
                                    + ", more than the maximum server wait of " + Seconds.format(maxServerWait)
                                    + ": fail at once, rate limited until "
                                    + giveUp.until().orElseThrow()
                            : what + ": " + giveUp.reason();
            };
        }

        private String rateLimitReason(RateLimitSignals signals, WaitDecision.Retry wait, Tier tier, int retry) {
            String formula = "tier " + tier.name() + ": base " + Seconds.format(tier.baseDelay()) + " × "
                    + options.factor() + "^" + (retry - 1) + " = " + Seconds.format(computed(tier, retry));
            return wait.source() == WaitSource.TIER_BACKOFF
                    ? what(signals) + " with no server hint: the tier backoff, " + formula
                    : what(signals) + ": the server's " + wait.source().wireName() + " asks for "
                            + Seconds.format(wait.delay()) + ", which replaces the tier backoff (" + formula + ")";
        }

        private String transportReason(RateLimitSignals signals, WaitDecision.Retry wait, int retry) {
            String head = "HTTP " + signals.status() + ": the transport retries it (not the rate-limit loop)";
            if (wait.source() != WaitSource.TRANSPORT_BACKOFF) {
                return head + " and honours the server's " + wait.source().wireName();
            }
            return head + ": " + Seconds.of(transport.baseDelay()) + " × 2^" + (retry - 1) + " s, capped at "
                    + Seconds.format(transport.maxWait());
        }

        private static String what(RateLimitSignals signals) {
            return "HTTP " + signals.status()
                    + signals.errorBody().typeValue().map(t -> " (" + t + ")").orElse("");
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
