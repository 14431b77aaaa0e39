package dev.progressivebackoff.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.progressivebackoff.core.policy.Jitter;
import dev.progressivebackoff.transport.httpclient5.TransportSettings;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClientSettingsJsonTest {

    @TempDir
    Path dir;

    @Test
    void defaultsRoundTripThroughAFile() {
        // given
        Path file = dir.resolve("settings.json");

        // when
        ClientSettingsJson.write(ClientSettings.defaults(), file);

        // then
        assertThat(ClientSettingsJson.read(file)).isEqualTo(ClientSettings.defaults());
    }

    @Test
    void everyKnobRoundTrips() {
        // given
        ClientSettings custom = ClientSettings.builder()
                .withEndpoint("http://localhost:8080/v1")
                .withModel("kimi-k2")
                .withTransport(TransportSettings.builder()
                        .withMaxTransportRetries(3)
                        .withTransportBaseDelay(Duration.ofMillis(500))
                        .withRetryStatusCodes(List.of(502, 500))
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
                .build();

        // when
        ClientSettings read = ClientSettingsJson.parse(ClientSettingsJson.toJson(custom), "custom.json");

        // then
        assertThat(read).isEqualTo(custom);
    }

    @Test
    void writesDurationsAsSecondsAndJitterInLowerCase() {
        String json = ClientSettingsJson.toJson(ClientSettings.defaults());
        assertThat(json)
                .contains(
                        "\"maxServerWait\" : \"900s\"",
                        "\"responseTimeout\" : \"300s\"",
                        "\"transportBaseDelay\" : \"2s\"",
                        "\"jitter\" : \"none\"",
                        "\"retryStatusCodes\" : [ 408, 409, 500, 502, 503, 504, 529 ]")
                .doesNotContain("rpm");
    }

    @Test
    void everySettingIsAJsonField() {
        List<String> components = new ArrayList<>();
        for (Class<?> part : List.of(ClientSettings.class, TransportSettings.class, RateLimitSettings.class)) {
            Arrays.stream(part.getRecordComponents())
                    .map(RecordComponent::getName)
                    .filter(name -> !name.equals("transport") && !name.equals("rateLimit"))
                    .forEach(components::add);
        }
        // Written once for both: the transport obeys the rate-limit settings' maximum server wait.
        components.remove("maxServerWait");
        // The pool size keeps the file's name for it, which the CLI also reads as its samples in flight.
        components.set(components.indexOf("poolSize"), "concurrency");

        assertThat(ClientSettingsJson.fieldNames()).containsExactlyInAnyOrderElementsOf(components);
    }

    @Test
    void missingFieldsKeepTheirDefaults() {
        ClientSettings read = ClientSettingsJson.parse("{\"tier\":\"tier1\"}", "partial.json");
        assertThat(read)
                .isEqualTo(ClientSettings.builder()
                        .withRateLimit(
                                RateLimitSettings.builder().withTier("tier1").build())
                        .build());
    }

    @Test
    void renamedFieldsAreRefusedWithTheirNewNames() {
        assertThatThrownBy(() -> parse("{\"maxRetries\": 5}"))
                .isInstanceOf(SettingsException.class)
                .hasMessage("s.json:1: \"maxRetries\" is now \"maxTransportRetries\"");
        assertThatThrownBy(() -> parse("{\n\"retryBackoffFactor\": 2.0}"))
                .hasMessage("s.json:2: \"retryBackoffFactor\" is now \"transportBaseDelay\"");
        assertThatThrownBy(() -> parse("{\"maxRetryWait\": \"120s\"}"))
                .hasMessage("s.json:1: \"maxRetryWait\" is now \"maxTransportWait\"");
    }

    @Test
    void theCliOwnFieldsAreRefusedUnlessTheCallerReadsThem() {
        for (String field : List.of("skipHealthCheck", "redis", "redisFailure")) {
            assertThatThrownBy(() -> parse("{\"" + field + "\": null}"))
                    .isInstanceOf(SettingsException.class)
                    .hasMessage("s.json:1: \"" + field + "\" is an option of the backoff CLI, not a client setting");
        }

        ClientSettings read =
                ClientSettingsJson.parse("{\"redis\": \"redis://h:1\", \"tier\": \"free\"}", "s.json", Set.of("redis"));

        assertThat(read.rateLimit().tier()).isEqualTo("free");
    }

    @Test
    void aBaseDelayGivenAsANumberIsSeconds() {
        assertThat(parse("{\"transportBaseDelay\": 0.5}").transport().transportBaseDelay())
                .isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void acceptsCommonDurationForms() {
        assertThat(parse("{\"maxServerWait\":\"PT15M\"}").rateLimit().maxServerWait())
                .isEqualTo(Duration.ofMinutes(15));
        assertThat(parse("{\"maxServerWait\":\"15m\"}").rateLimit().maxServerWait())
                .isEqualTo(Duration.ofMinutes(15));
        assertThat(parse("{\"maxServerWait\":900}").rateLimit().maxServerWait()).isEqualTo(Duration.ofSeconds(900));
        assertThat(parse("{\"maxServerWait\":\"1m30s\"}").rateLimit().maxServerWait())
                .isEqualTo(Duration.ofSeconds(90));
        assertThat(parse("{\"connectTimeout\":\"2500ms\"}").transport().connectTimeout())
                .isEqualTo(Duration.ofMillis(2500));
        assertThat(parse("{\"connectTimeout\":0.25}").transport().connectTimeout())
                .isEqualTo(Duration.ofMillis(250));
    }

    @Test
    void anUnknownFieldIsAnErrorNamingTheFieldAndTheFile() throws Exception {
        // given
        Path file = dir.resolve("prod.json");
        Files.writeString(file, "{\"maxTransportRetries\": 5, \"maxRetrys\": 7}");

        // when / then
        assertThatThrownBy(() -> ClientSettingsJson.read(file))
                .isInstanceOf(SettingsException.class)
                .hasMessageStartingWith("prod.json:1: field 'maxRetrys': unknown field; known fields: endpoint, model")
                .satisfies(e -> assertThat(((SettingsException) e).field()).hasValue("maxRetrys"));
    }

    @Test
    void aBadValueIsAnErrorNamingTheField() {
        assertThatThrownBy(() -> parse("{\"maxTransportRetries\": -1}"))
                .isInstanceOf(SettingsException.class)
                .hasMessage("s.json:1: field 'maxTransportRetries': maxTransportRetries must not be negative: -1");
        assertThatThrownBy(() -> parse("{\"maxTransportRetries\": \"five\"}"))
                .hasMessage("s.json:1: field 'maxTransportRetries': expected a whole number, got \"five\"");
        assertThatThrownBy(() -> parse("{\"maxServerWait\": \"soon\"}"))
                .hasMessageStartingWith("s.json:1: field 'maxServerWait': not a duration: 'soon'");
        assertThatThrownBy(() -> parse("{\"jitter\": \"some\"}"))
                .hasMessage("s.json:1: field 'jitter': unknown jitter 'some'; known: none, full, equal, decorrelated");
        assertThatThrownBy(() -> parse("{\"retryStatusCodes\": [500, 700]}"))
                .hasMessage("s.json:1: field 'retryStatusCodes': retryStatusCodes must be HTTP statuses 100-599: 700");
        assertThatThrownBy(() -> parse("{\"endpoint\": \"ftp://x\"}"))
                .hasMessageStartingWith("s.json:1: field 'endpoint': endpoint must be an absolute http(s) URL");
        assertThatThrownBy(() -> parse("{\"model\": null}")).hasMessage("s.json:1: field 'model': must not be null");
    }

    @Test
    void malformedJsonIsAnErrorNamingTheFile() {
        assertThatThrownBy(() -> parse("{\"maxTransportRetries\": 5,"))
                .isInstanceOf(SettingsException.class)
                .hasMessageStartingWith("s.json:1: not valid JSON");
        assertThatThrownBy(() -> parse("[1,2]")).hasMessage("s.json: expected a JSON object of settings");
    }

    @Test
    void errorsNameTheLineOfTheFieldOrOfTheSyntaxError() {
        assertThatThrownBy(() -> parse("{\n  \"model\": \"m\",\n  \"concurrency\": 0\n}"))
                .hasMessage("s.json:3: field 'concurrency': concurrency must be at least 1: 0")
                .satisfies(e -> assertThat(((SettingsException) e).line()).hasValue(3));
        assertThatThrownBy(() -> parse("{\n  \"model\": \"m\",\n  \"tier\": tier1\n}"))
                .hasMessageStartingWith("s.json:3: not valid JSON at column");
    }

    @Test
    void aMissingFileIsAnErrorNamingIt() {
        assertThatThrownBy(() -> ClientSettingsJson.read(dir.resolve("absent.json")))
                .isInstanceOf(SettingsException.class)
                .hasMessageStartingWith("absent.json: cannot read settings");
    }

    @Test
    void rpmMayBeNullToClearIt() {
        assertThat(parse("{\"rpm\": null}").rateLimit().rpm()).isEmpty();
        assertThat(parse("{\"rpm\": 60}").rateLimit().rpm()).hasValue(60);
    }

    private static ClientSettings parse(String json) {
        return ClientSettingsJson.parse(json, "s.json");
    }
}
