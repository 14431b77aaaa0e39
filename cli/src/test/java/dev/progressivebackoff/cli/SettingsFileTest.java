package dev.progressivebackoff.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.progressivebackoff.cli.internal.RunOptions;
import dev.progressivebackoff.client.ClientSettings;
import dev.progressivebackoff.client.RateLimitSettings;
import dev.progressivebackoff.core.policy.Jitter;
import dev.progressivebackoff.transport.httpclient5.TransportSettings;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The one flat {@code --config} file still loads whole: the client's settings from it, the CLI's own options from
 * the same file; a renamed field is refused with its new name.
 */
class SettingsFileTest {

    private static final String FULL = """
            {
              "endpoint" : "http://localhost:8080/v1",
              "model" : "kimi-k2",
              "tier" : "tier2",
              "rpm" : 450,
              "maxTransportRetries" : 3,
              "transportBaseDelay" : "0.5s",
              "retryStatusCodes" : [ 500, 502 ],
              "maxTransportWait" : "30s",
              "maxRateLimitRetries" : 4,
              "backoffFactor" : 3.0,
              "maxServerWait" : "1.5s",
              "jitter" : "decorrelated",
              "concurrency" : 50,
              "connectTimeout" : "3s",
              "responseTimeout" : "600s",
              "maxResponseBytes" : 1024,
              "policy" : "custom-policy",
              "tierDetector" : "my-detector",
              "skipTierDetection" : true,
              "skipHealthCheck" : true,
              "pace" : false,
              "allowInsecureHttp" : true,
              "redis" : "redis://10.0.0.5:6379/2",
              "redisFailure" : "stop"
            }
            """;

    @TempDir
    Path dir;

    @Test
    void aFullFileLoadsIntoTheClientSettingsAndTheCliOptions() throws IOException {
        ConnectionFlags flags = flags(FULL);

        ClientSettings settings = flags.baseSettings(context());
        RunOptions options = flags.baseOptions(context());

        assertThat(settings)
                .isEqualTo(ClientSettings.builder()
                        .withEndpoint("http://localhost:8080/v1")
                        .withModel("kimi-k2")
                        .withTransport(TransportSettings.builder()
                                .withMaxTransportRetries(3)
                                .withTransportBaseDelay(Duration.ofMillis(500))
                                .withRetryStatusCodes(List.of(500, 502))
                                .withMaxTransportWait(Duration.ofSeconds(30))
                                .withPoolSize(50)
                                .withConnectTimeout(Duration.ofSeconds(3))
                                .withResponseTimeout(Duration.ofMinutes(10))
                                .withMaxResponseBytes(1024)
                                .withAllowInsecureHttp(true)
                                .build())
                        .withRateLimit(RateLimitSettings.builder()
                                .withTier("tier2")
                                .withRpm(450)
                                .withMaxRateLimitRetries(4)
                                .withBackoffFactor(3.0)
                                .withMaxServerWait(Duration.ofMillis(1500))
                                .withJitter(Jitter.DECORRELATED)
                                .withPolicy("custom-policy")
                                .withTierDetector("my-detector")
                                .withSkipTierDetection(true)
                                .withPace(false)
                                .build())
                        .build());
        assertThat(options)
                .isEqualTo(new RunOptions(
                        true, Optional.of(URI.create("redis://10.0.0.5:6379/2")), RunOptions.REDIS_STOP));
    }

    @Test
    void aFileWithoutTheCliOptionsGivesTheirDefaults() throws IOException {
        assertThat(flags("{\"tier\": \"free\"}").baseOptions(context())).isEqualTo(RunOptions.defaults());
    }

    @ParameterizedTest
    @CsvSource({
        "maxRetries, 3, maxTransportRetries",
        "retryBackoffFactor, 2.0, transportBaseDelay",
        "maxRetryWait, '\"120s\"', maxTransportWait"
    })
    void aRenamedFieldIsRefusedNamingTheFileTheOldFieldAndTheNewOne(String old, String value, String renamed)
            throws IOException {
        ConnectionFlags flags = flags("{\"" + old + "\": " + value + "}");

        assertThatThrownBy(() -> flags.baseSettings(context()))
                .isInstanceOf(UsageException.class)
                .hasMessage("--config: settings.json:1: \"" + old + "\" is now \"" + renamed + "\"");
    }

    @Test
    void aBadCliOptionInTheFileNamesTheFileAndTheField() throws IOException {
        ConnectionFlags flags = flags("{\"redisFailure\": \"retry\"}");

        assertThatThrownBy(() -> flags.baseOptions(context()))
                .isInstanceOf(UsageException.class)
                .hasMessage(
                        "--config: settings.json: field 'redisFailure': redisFailure must be fallback or stop: retry");
        assertThatThrownBy(() -> flags("{\"redis\": \"redis://:s3cret@h:1\"}").baseOptions(context()))
                .hasMessageContaining("field 'redis'")
                .hasMessageContaining("credentials")
                .hasMessageNotContaining("s3cret");
        assertThatThrownBy(() -> flags("{\"skipHealthCheck\": \"yes\"}").baseOptions(context()))
                .hasMessageContaining("field 'skipHealthCheck'");
    }

    @Test
    void anUnknownFieldIsStillAnError() throws IOException {
        assertThatThrownBy(() -> flags("{\"redisFailures\": \"stop\"}").baseSettings(context()))
                .isInstanceOf(UsageException.class)
                .hasMessageStartingWith("--config: settings.json:1: field 'redisFailures': unknown field");
    }

    private ConnectionFlags flags(String json) throws IOException {
        Files.writeString(dir.resolve("settings.json"), json);
        ConnectionFlags flags = new ConnectionFlags();
        flags.config = "settings.json";
        return flags;
    }

    private CliContext context() {
        return new CliContext(System.out, System.err, Map.of(), dir, false, new StopSignal());
    }
}
