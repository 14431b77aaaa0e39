package dev.progressivebackoff.cli;

import com.beust.jcommander.Parameter;
import com.beust.jcommander.Parameters;
import com.beust.jcommander.ParametersDelegate;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.progressivebackoff.cli.internal.Formats;
import dev.progressivebackoff.core.ProgressiveBackoffException;
import dev.progressivebackoff.core.Tier;
import dev.progressivebackoff.client.ClientSettings;
import dev.progressivebackoff.client.RateLimitSettings;
import dev.progressivebackoff.client.TeacherClient;
import java.util.Optional;
import java.util.Set;

/** {@code backoff detect-tier}: one cheap request, and the tier its rate-limit headers reveal. */
@Parameters(commandNames = "detect-tier",
        commandDescription = "Detect the account's tier from the endpoint's rate-limit headers (one GET /models)")
public final class DetectTierCommand extends Subcommand {

    @ParametersDelegate
    private ConnectionFlags connection = new ConnectionFlags();

    @Parameter(names = "--format", description = "text or json", order = 1)
    private String format = "text";

    @Override
    public String name() {
        return "detect-tier";
    }

    @Override
    public int run(CliContext context, Set<String> assigned) throws Exception {
        String output = Formats.oneOf("--format", format, "text", "json");
        ClientSettings base = connection.requiredEndpointSettings(context);
        ClientSettings settings = base.toBuilder().withRateLimit(base.rateLimit().toBuilder()
                .withTier(RateLimitSettings.AUTO_TIER).build()).build();
        String endpoint = settings.endpoint();
        Optional<Tier> detected;
        String apiKey = connection.apiKey(context);
        try (TeacherClient client = TeacherClient.builder().withSettings(settings).withApiKey(apiKey).build()) {
            detected = client.detectTier();
        } catch (ProgressiveBackoffException failure) {
            context.err().println("backoff detect-tier: " + failure.getMessage());
            return FAILED;
        }
        if (detected.isEmpty()) {
            context.err().println("backoff detect-tier: " + endpoint + " sent no usable rate-limit headers");
            return FAILED;
        }
        Tier tier = detected.get();
        if (output.equals("json")) {
            ObjectNode node = new ObjectMapper().createObjectNode();
            node.put("tier", tier.name());
            node.put("rpm", tier.requestsPerMinute());
            node.put("base_s", Formats.seconds(tier.baseDelay()));
            if (tier.maxConcurrency().isPresent()) {
                node.put("max_concurrency", tier.maxConcurrency().getAsInt());
            } else {
                node.putNull("max_concurrency");
            }
            context.out().println(new ObjectMapper().writeValueAsString(node));
        } else {
            context.out().println("Detected tier: " + tier.describe());
        }
        return OK;
    }
}
