package dev.progressivebackoff.cli;

import com.beust.jcommander.Parameter;
import com.beust.jcommander.Parameters;
import com.beust.jcommander.ParametersDelegate;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.progressivebackoff.cli.internal.Formats;
import dev.progressivebackoff.core.ProgressiveBackoffException;
import dev.progressivebackoff.client.ClientSettings;
import dev.progressivebackoff.client.HealthCheck;
import dev.progressivebackoff.client.TeacherClient;
import java.util.Set;

/** {@code backoff health}: does the endpoint answer {@code GET /models}? */
@Parameters(commandNames = "health", commandDescription = "Check that the endpoint answers GET /models")
public final class HealthCommand extends Subcommand {

    @ParametersDelegate
    private ConnectionFlags connection = new ConnectionFlags();

    @Parameter(names = "--format", description = "text or json", order = 1)
    private String format = "text";

    @Override
    public String name() {
        return "health";
    }

    @Override
    public int run(CliContext context, Set<String> assigned) throws Exception {
        String output = Formats.oneOf("--format", format, "text", "json");
        ClientSettings settings = connection.requiredEndpointSettings(context);
        String endpoint = settings.endpoint();
        HealthCheck health;
        String apiKey = connection.apiKey(context);
        try (TeacherClient client = TeacherClient.builder().withSettings(settings).withApiKey(apiKey).build()) {
            health = client.healthCheck();
        } catch (ProgressiveBackoffException failure) {
            health = new HealthCheck(false, 0, failure.getMessage());
        }
        if (output.equals("json")) {
            ObjectNode node = new ObjectMapper().createObjectNode();
            node.put("endpoint", endpoint);
            node.put("healthy", health.healthy());
            node.put("status", health.status());
            node.put("detail", health.detail());
            context.out().println(new ObjectMapper().writeValueAsString(node));
        } else if (health.healthy()) {
            context.out().println("OK: " + endpoint + " answered GET /models with HTTP " + health.status());
        } else {
            context.err().println("backoff health: " + endpoint + " is not healthy: " + health.detail());
        }
        return health.healthy() ? OK : FAILED;
    }
}
