package dev.progressivebackoff.cli;

import com.beust.jcommander.Parameters;
import dev.progressivebackoff.client.HealthCheck;
import dev.progressivebackoff.client.TeacherClient;
import dev.progressivebackoff.core.ProgressiveBackoffException;

/** {@code backoff health}: does the endpoint answer {@code GET /models}? */
@Parameters(commandNames = "health", commandDescription = "Check that the endpoint answers GET /models")
public final class HealthCommand extends EndpointProbeCommand<HealthCheck> {

    @Override
    public String name() {
        return "health";
    }

    @Override
    HealthCheck probe(TeacherClient client) {
        return client.healthCheck();
    }

    @Override
    int failed(CliContext context, String endpoint, ProgressiveBackoffException failure, boolean json)
            throws Exception {
        return report(context, endpoint, new HealthCheck(false, 0, failure.getMessage()), json);
    }

    @Override
    int report(CliContext context, String endpoint, HealthCheck health, boolean json) throws Exception {
        if (json) {
            printJson(
                    context,
                    node -> node.put("endpoint", endpoint)
                            .put("healthy", health.healthy())
                            .put("status", health.status())
                            .put("detail", health.detail()));
        } else if (health.healthy()) {
            context.out().println("OK: " + endpoint + " answered GET /models with HTTP " + health.status());
        } else {
            context.err().println("backoff health: " + endpoint + " is not healthy: " + health.detail());
        }
        return health.healthy() ? OK : FAILED;
    }
}
