package dev.progressivebackoff.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.progressivebackoff.client.ClientSettings;
import dev.progressivebackoff.simulator.SimulatedProvider;
import dev.progressivebackoff.testsupport.ProviderFixture;
import dev.progressivebackoff.transport.httpclient5.TransportSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Where the key may come from (an environment variable or a private file, never a flag), and where it may go
 * (TLS, loopback, or plain HTTP only when explicitly allowed). Nothing here sends a byte to a non-loopback host:
 * the refusals happen before any connection.
 */
class ApiKeySourcesTest {

    private static final String KEY = "sk-sources-test-0123456789";

    @TempDir
    Path dir;

    @RegisterExtension
    final ProviderFixture providers = new ProviderFixture();

    private SimulatedProvider provider;
    private String endpoint;

    @BeforeEach
    void startProvider() throws IOException {
        provider = providers.start(SimulatedProvider.builder()
                .withRpm(60_000)
                .withMaxConcurrency(16)
                .withApiKey(KEY));
        endpoint = provider.baseUri().toString();
        Files.write(dir.resolve("in.jsonl"), List.of("{\"id\":\"a\",\"prompt\":\"Hi\"}"));
    }

    @Test
    void aPrivateKeyFileIsRead() throws IOException {
        writeKeyFile("rw-------");

        CliHarness.Result result = cli(Map.of()).run("health", "--endpoint", endpoint, "--api-key-file", "key.txt");

        assertThat(result.exitCode()).as(result.err()).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"rw-r--r--", "rw-r-----", "rw----r--", "rw--w----"})
    void aKeyFileOthersCanReadOrChangeIsRefusedWithTheFixAndNothingIsSent(String permissions) throws IOException {
        writeKeyFile(permissions);

        CliHarness.Result result = cli(Map.of())
                .run(
                        "run",
                        "--input",
                        "in.jsonl",
                        "--output",
                        "out.jsonl",
                        "--endpoint",
                        endpoint,
                        "--api-key-file",
                        "key.txt",
                        "--tier",
                        "tier1");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err())
                .contains("--api-key-file: refusing key.txt: other users can read or change it (" + permissions
                        + "); make it private with: chmod 600 key.txt")
                .doesNotContain(KEY);
        assertThat(provider.stats().requests()).isZero();
        assertThat(dir.resolve("out.jsonl")).doesNotExist();
    }

    @Test
    void aMissingKeyFileIsNamed() {
        CliHarness.Result result = cli(Map.of()).run("health", "--endpoint", endpoint, "--api-key-file", "nope.txt");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("--api-key-file: no such file: nope.txt");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"--api-key", "--api-key=", "--key", "--token=", "--apikey"})
    void aKeyGivenAsAFlagIsRefusedWithoutRepeatingIt(String flag) {
        String[] args = flag.endsWith("=")
                ? new String[] {"run", "--input", "in.jsonl", "--output", "out.jsonl", flag + KEY}
                : new String[] {"run", "--input", "in.jsonl", "--output", "out.jsonl", flag, KEY};

        CliHarness.Result result = cli(Map.of()).run(args);

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err())
                .contains("is not accepted")
                .contains("MOONSHOT_API_KEY")
                .contains("--api-key-file")
                .doesNotContain(KEY);
        assertThat(provider.stats().requests()).isZero();
    }

    @Test
    void aStrayArgumentIsNotRepeatedInTheErrorBecauseItMayBeAKey() {
        CliHarness.Result positional = cli(Map.of()).run("health", "--endpoint", endpoint, KEY);
        CliHarness.Result unknownFlag = cli(Map.of()).run("health", "--endpoint", endpoint, "--secret=" + KEY);

        assertThat(positional.exitCode()).isEqualTo(2);
        assertThat(positional.err())
                .contains("unexpected argument a value (not shown)")
                .doesNotContain(KEY);
        assertThat(unknownFlag.exitCode()).isEqualTo(2);
        assertThat(unknownFlag.err())
                .contains("unexpected argument --secret=...")
                .doesNotContain(KEY);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"run", "health", "detect-tier"})
    void plainHttpToAHostThatIsNotLoopbackIsRefusedBeforeAnyConnection(String command) {
        List<String> args = new java.util.ArrayList<>(List.of(command, "--endpoint", "http://192.0.2.10/v1"));
        if (command.equals("run")) {
            args.addAll(List.of("--input", "in.jsonl", "--output", "out.jsonl"));
        }

        CliHarness.Result result = cli(Map.of("MOONSHOT_API_KEY", KEY)).run(args.toArray(String[]::new));

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err())
                .contains("--endpoint: http://192.0.2.10/v1 is plain http:// to a host that is not " + "loopback")
                .contains("--allow-insecure-http")
                .doesNotContain(KEY);
        assertThat(dir.resolve("out.jsonl")).doesNotExist();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"http://127.0.0.1:%d/v1", "http://localhost:%d/v1"})
    void plainHttpToLoopbackIsAllowed(String pattern) {
        String loopback = String.format(pattern, provider.baseUri().getPort());

        CliHarness.Result result = cli(Map.of("MOONSHOT_API_KEY", KEY)).run("health", "--endpoint", loopback);

        assertThat(result.exitCode()).as(result.err()).isZero();
    }

    @Test
    void allowInsecureHttpLetsAPlainHttpEndpointThroughTheCheck() {
        ClientSettings allowed = ClientSettings.builder()
                .withTransport(
                        TransportSettings.builder().withAllowInsecureHttp(true).build())
                .build();

        assertThat(ConnectionFlags.withEndpoint(allowed, "http://192.0.2.10/v1").endpoint())
                .isEqualTo("http://192.0.2.10/v1");
        assertThatThrownBy(() -> ConnectionFlags.withEndpoint(ClientSettings.defaults(), "http://192.0.2.10/v1"))
                .isInstanceOf(UsageException.class);
        assertThat(ConnectionFlags.withEndpoint(ClientSettings.defaults(), "https://192.0.2.10/v1")
                        .endpoint())
                .isEqualTo("https://192.0.2.10/v1");
    }

    private void writeKeyFile(String permissions) throws IOException {
        Path file = dir.resolve("key.txt");
        Files.writeString(file, KEY + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));
    }

    private CliHarness cli(Map<String, String> env) {
        return new CliHarness(env, dir);
    }
}
