package dev.progressivebackoff.cli;

import com.beust.jcommander.Parameter;
import com.beust.jcommander.ParametersDelegate;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.progressivebackoff.cli.internal.Formats;
import dev.progressivebackoff.cli.internal.UntilStopped;
import dev.progressivebackoff.client.ClientSettings;
import dev.progressivebackoff.client.TeacherClient;
import dev.progressivebackoff.core.ProgressiveBackoffException;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A subcommand that asks the endpoint one thing through a {@link TeacherClient} ({@code health},
 * {@code detect-tier}) and reports it as text or JSON: the connection flags, {@code --format}, and the
 * client's life are shared here; what is asked and how it is reported are the subclass's.
 *
 * @param <T> what the probe learns
 */
abstract class EndpointProbeCommand<T> extends Subcommand {

    @ParametersDelegate
    private ConnectionFlags connection = new ConnectionFlags();

    @Parameter(names = "--format", description = "text or json", order = 1)
    private String format = "text";

    @Override
    public final int run(CliContext context, Set<String> assigned) throws Exception {
        boolean json = Formats.oneOf("--format", format, "text", "json").equals("json");
        ClientSettings settings = settings(connection.requiredEndpointSettings(context));
        String apiKey = connection.apiKey(context);
        TeacherClient client = TeacherClient.builder()
                .withSettings(settings)
                .withApiKey(apiKey)
                .build();
        Optional<T> result;
        try {
            // A stop (Ctrl-C) ends the wait at once, even on a server that never answers.
            result = UntilStopped.call(name(), () -> probe(client), context.stop());
        } catch (ProgressiveBackoffException failure) {
            client.close();
            return failed(context, settings.endpoint(), failure, json);
        }
        if (result.isEmpty()) {
            context.err().println("backoff " + name() + ": stopped before " + settings.endpoint() + " answered");
            return FAILED;
        }
        client.close();
        return report(context, settings.endpoint(), result.get(), json);
    }

    /** The settings the probe runs with, from the connection flags' settings. */
    ClientSettings settings(ClientSettings flags) {
        return flags;
    }

    /** Asks the endpoint. */
    abstract T probe(TeacherClient client);

    /** Reports a probe that failed (the client gave up) and returns the exit code. */
    abstract int failed(CliContext context, String endpoint, ProgressiveBackoffException failure, boolean json)
            throws Exception;

    /** Prints the result and returns the exit code. */
    abstract int report(CliContext context, String endpoint, T result, boolean json) throws Exception;

    /** Prints one JSON object on stdout, its fields put by {@code fields}. */
    static void printJson(CliContext context, Consumer<ObjectNode> fields) throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode node = mapper.createObjectNode();
        fields.accept(node);
        context.out().println(mapper.writeValueAsString(node));
    }
}
