package dev.progressivebackoff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.progressivebackoff.core.TierCatalog;
import dev.progressivebackoff.simulator.SimulatedProvider;
import dev.progressivebackoff.testsupport.ProviderFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class DetectTierAndHealthCommandTest {

    private static final String KEY = "sk-detect-test-42";

    @TempDir
    Path dir;

    @RegisterExtension
    final ProviderFixture providers = new ProviderFixture();

    private SimulatedProvider provider;

    @Test
    void detectsTheFreeTierFromTheProvidersHeadersWithOneRequest() {
        String endpoint = start("free");

        CliHarness.Result result = cli(Map.of("MOONSHOT_API_KEY", KEY)).run("detect-tier", "--endpoint", endpoint);

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out().strip()).isEqualTo("Detected tier: free (RPM: 3, delay: 20.0s)");
        assertThat(provider.stats().requests()).isEqualTo(1);
        assertThat(result.out() + result.err()).doesNotContain(KEY);
    }

    @Test
    void printsTheDetectedTierAsJsonReadingTheKeyFromTheNamedVariable() {
        String endpoint = start("tier1");

        CliHarness.Result result = cli(Map.of("MY_KEY", KEY))
                .run("detect-tier", "--endpoint", endpoint, "--api-key-env", "MY_KEY", "--format", "json");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out().strip())
                .isEqualTo("{\"tier\":\"tier1\",\"rpm\":200,\"base_s\":0.3,\"max_concurrency\":50}");
    }

    @Test
    void requiresAnEndpointForDetection() {
        CliHarness.Result result = cli(Map.of("MOONSHOT_API_KEY", KEY)).run("detect-tier");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("--endpoint");
    }

    @Test
    void reportsAHealthyEndpointReadingTheKeyFromAFile() throws IOException {
        String endpoint = start("tier1");
        Files.writeString(dir.resolve("key.txt"), KEY + "\n");
        Files.setPosixFilePermissions(dir.resolve("key.txt"), PosixFilePermissions.fromString("rw-------"));

        CliHarness.Result result = cli(Map.of()).run("health", "--endpoint", endpoint, "--api-key-file", "key.txt");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("OK: " + endpoint).contains("HTTP 200");
    }

    @Test
    void reportsAWrongKeyAsUnhealthyWithExitOne() {
        String endpoint = start("tier1");

        CliHarness.Result result =
                cli(Map.of("MOONSHOT_API_KEY", "sk-wrong")).run("health", "--endpoint", endpoint, "--format", "json");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).contains("\"healthy\":false").contains("\"status\":401");
        assertThat(result.out()).doesNotContain("sk-wrong");
    }

    @Test
    void reportsAnUnreachableEndpointAsUnhealthyUsingTheSettingsFile() throws IOException {
        Files.writeString(dir.resolve("settings.json"), "{\"maxTransportRetries\": 0}");

        CliHarness.Result result = cli(Map.of("MOONSHOT_API_KEY", KEY))
                .run("health", "--endpoint", "http://127.0.0.1:1/v1", "--config", "settings.json");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("not healthy");
    }

    private String start(String tier) {
        provider = providers.start(SimulatedProvider.builder()
                .withTier(TierCatalog.moonshot().require(tier))
                .withApiKey(KEY));
        return provider.baseUri().toString();
    }

    private CliHarness cli(Map<String, String> env) {
        return new CliHarness(env, dir);
    }
}
