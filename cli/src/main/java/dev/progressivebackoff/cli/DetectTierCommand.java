package dev.progressivebackoff.cli;

import com.beust.jcommander.Parameters;
import dev.progressivebackoff.cli.internal.Formats;
import dev.progressivebackoff.client.ClientSettings;
import dev.progressivebackoff.client.RateLimitSettings;
import dev.progressivebackoff.client.TeacherClient;
import dev.progressivebackoff.core.ProgressiveBackoffException;
import dev.progressivebackoff.core.Tier;
import java.util.Optional;

/** {@code backoff detect-tier}: one cheap request, and the tier its rate-limit headers reveal. */
@Parameters(
        commandNames = "detect-tier",
        commandDescription = "Detect the account's tier from the endpoint's rate-limit headers (one GET /models)")
public final class DetectTierCommand extends EndpointProbeCommand<Optional<Tier>> {

    @Override
    public String name() {
        return "detect-tier";
    }

    @Override
    ClientSettings settings(ClientSettings flags) {
        return flags.toBuilder()
                .withRateLimit(flags.rateLimit().toBuilder()
                        .withTier(RateLimitSettings.AUTO_TIER)
                        .build())
                .build();
    }

    @Override
    Optional<Tier> probe(TeacherClient client) {
        return client.detectTier();
    }

    @Override
    int failed(CliContext context, String endpoint, ProgressiveBackoffException failure, boolean json) {
        context.err().println("backoff detect-tier: " + failure.getMessage());
        return FAILED;
    }

    @Override
    int report(CliContext context, String endpoint, Optional<Tier> detected, boolean json) throws Exception {
        if (detected.isEmpty()) {
            context.err().println("backoff detect-tier: " + endpoint + " sent no usable rate-limit headers");
            return FAILED;
        }
        Tier tier = detected.get();
        if (json) {
            printJson(context, node -> {
                node.put("tier", tier.name())
                        .put("rpm", tier.requestsPerMinute())
                        .put("base_s", Formats.seconds(tier.baseDelay()));
                if (tier.maxConcurrency().isPresent()) {
                    node.put("max_concurrency", tier.maxConcurrency().getAsInt());
                } else {
                    node.putNull("max_concurrency");
                }
            });
        } else {
            context.out().println("Detected tier: " + tier.describe());
        }
        return OK;
    }
}
