package dev.progressivebackoff.cli;

import com.beust.jcommander.Parameter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.progressivebackoff.cli.internal.ApiKeys;
import dev.progressivebackoff.cli.internal.RunOptions;
import dev.progressivebackoff.client.ClientSettings;
import dev.progressivebackoff.client.ClientSettingsJson;
import dev.progressivebackoff.core.ProgressiveBackoffException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** The flags every command that talks to an endpoint shares: where, with which key, which settings file. */
public final class ConnectionFlags {

    @Parameter(
            names = "--endpoint",
            description = "API base URL, e.g. https://api.moonshot.ai/v1",
            defaultValueDescription = "the --config file's, else (run) the built-in simulated provider",
            order = 10)
    String endpoint;

    @Parameter(names = "--api-key-env", description = "Environment variable holding the API key", order = 11)
    String apiKeyEnv = "MOONSHOT_API_KEY";

    @Parameter(names = "--api-key-file", description = "File holding the API key (instead of the variable)", order = 12)
    String apiKeyFile;

    @Parameter(names = "--config", description = "Settings JSON file; flags override it", order = 13)
    String config;

    @Parameter(
            names = "--allow-insecure-http",
            description = "Allow a plain http:// endpoint that is not loopback "
                    + "(the API key would travel in clear). TLS verification can never be turned off",
            order = 14)
    boolean allowInsecureHttp;

    /**
     * The settings of the {@code --config} file, or the defaults.
     *
     * @throws UsageException naming the file and field of a bad setting
     */
    ClientSettings baseSettings(CliContext context) {
        ClientSettings settings = configSettings(context);
        return allowInsecureHttp
                ? settings.toBuilder()
                        .withTransport(settings.transport().toBuilder()
                                .withAllowInsecureHttp(true)
                                .build())
                        .build()
                : settings;
    }

    /**
     * The CLI's own options of the {@code --config} file, or the defaults.
     *
     * @throws UsageException naming the file and field of a bad option
     */
    RunOptions baseOptions(CliContext context) {
        if (config == null) {
            return RunOptions.defaults();
        }
        try {
            return RunOptions.read(configFile(context));
        } catch (ProgressiveBackoffException | IllegalArgumentException bad) {
            throw new UsageException("--config: " + bad.getMessage());
        }
    }

    /**
     * The base settings with the endpoint that {@code detect-tier} and {@code health} must be given (by flag or
     * {@code --config}).
     *
     * @throws UsageException when there is none, or it is refused as insecure
     */
    ClientSettings requiredEndpointSettings(CliContext context) {
        String required = endpoint(context)
                .orElseThrow(() -> new UsageException("--endpoint is required (e.g. https://api.moonshot.ai/v1)"));
        return withEndpoint(baseSettings(context), required);
    }

    /**
     * {@code settings} with {@code endpoint}, refused when it is plain http:// to a host that is not loopback
     * and that was not allowed — before anything is sent.
     *
     * @throws UsageException naming the flag to use
     */
    static ClientSettings withEndpoint(ClientSettings settings, String endpoint) {
        if (ApiKeys.looksLikeKey(endpoint)) {
            throw new UsageException("--endpoint: " + ApiKeys.shown(endpoint) + "; the flag takes a URL such as "
                    + "https://api.moonshot.ai/v1, and a key goes in MOONSHOT_API_KEY or a file for --api-key-file");
        }
        ClientSettings updated;
        try {
            updated = settings.toBuilder().withEndpoint(endpoint).build();
        } catch (IllegalArgumentException bad) {
            throw new UsageException("--endpoint: " + bad.getMessage());
        }
        if (updated.isInsecureEndpoint() && !updated.transport().allowInsecureHttp()) {
            throw new UsageException("--endpoint: " + endpoint + " is plain http:// to a host that is not loopback, "
                    + "so the API key would travel in clear; use https://, or add --allow-insecure-http if you "
                    + "really mean it");
        }
        return updated;
    }

    private ClientSettings configSettings(CliContext context) {
        if (config == null) {
            return ClientSettings.defaults();
        }
        try {
            return ClientSettingsJson.read(configFile(context), RunOptions.FIELDS);
        } catch (ProgressiveBackoffException | IllegalArgumentException bad) {
            throw new UsageException("--config: " + bad.getMessage());
        }
    }

    private Path configFile(CliContext context) {
        Path file = context.resolve(config);
        if (!Files.isRegularFile(file)) {
            throw new UsageException("--config: no such file: " + config);
        }
        return file;
    }

    /**
     * The endpoint from the flag or from the config file; empty when neither names one.
     *
     * @throws UsageException naming the file, line and field of a bad config
     */
    Optional<String> endpoint(CliContext context) {
        if (endpoint != null) {
            return Optional.of(endpoint);
        }
        if (config == null) {
            return Optional.empty();
        }
        ClientSettings fromFile = baseSettings(context);
        try {
            JsonNode root = new ObjectMapper().readTree(context.resolve(config).toFile());
            return root != null && root.has("endpoint") ? Optional.of(fromFile.endpoint()) : Optional.empty();
        } catch (IOException unreadable) {
            throw new UsageException("--config: cannot read " + config);
        }
    }

    /** The API key from the file or the variable. */
    String apiKey(CliContext context) {
        return ApiKeys.required(context, apiKeyEnv, apiKeyFile);
    }
}
