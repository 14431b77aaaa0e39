package dev.progressivebackoff.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.progressivebackoff.core.policy.Jitter;
import dev.progressivebackoff.transport.httpclient5.BackoffSettings;
import java.lang.reflect.RecordComponent;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackoffSettingsJsonTest {

    @TempDir
    Path dir;

    @Test
    void defaultsRoundTripThroughAFile() {
        // given
        Path file = dir.resolve("settings.json");

        // when
        BackoffSettingsJson.write(BackoffSettings.defaults(), file);

        // then
        assertThat(BackoffSettingsJson.read(file)).isEqualTo(BackoffSettings.defaults());
    }

    @Test
    void everyKnobRoundTrips() {
        // given
        BackoffSettings custom = BackoffSettings.builder()
                .withEndpoint("http://localhost:8080/v1").withModel("kimi-k2").withTier("tier2")
                .withRpm(java.util.OptionalInt.of(450)).withMaxRetries(3).withRetryBackoffFactor(0.5)
                .withRetryStatusCodes(List.of(502, 500)).withMaxRetryWait(Duration.ofSeconds(30))
                .withMaxRateLimitRetries(4).withBackoffFactor(3.0).withMaxServerWait(Duration.ofMillis(1500))
                .withJitter(Jitter.DECORRELATED).withConcurrency(50).withConnectTimeout(Duration.ofSeconds(3))
                .withResponseTimeout(Duration.ofMinutes(10)).withMaxResponseBytes(1024).withPolicy("custom-policy")
                .withTierDetector("my-detector").withSkipTierDetection(true).withSkipHealthCheck(true)
                .withPace(false).withRedis(Optional.of(URI.create("redis://10.0.0.5:6379/2")))
                .withRedisFailure("stop").build();

        // when
        BackoffSettings read = BackoffSettingsJson.parse(BackoffSettingsJson.toJson(custom), "custom.json");

        // then
        assertThat(read).isEqualTo(custom);
    }

    @Test
    void writesDurationsAsSecondsAndJitterInLowerCase() {
        String json = BackoffSettingsJson.toJson(BackoffSettings.defaults());
        assertThat(json).contains("\"maxServerWait\" : \"900s\"", "\"responseTimeout\" : \"300s\"",
                "\"jitter\" : \"none\"", "\"retryStatusCodes\" : [ 500, 502, 503, 504 ]").doesNotContain("rpm");
    }

    @Test
    void everySettingIsAJsonField() {
        List<String> components = Arrays.stream(BackoffSettings.class.getRecordComponents())
                .map(RecordComponent::getName).toList();
        assertThat(BackoffSettingsJson.fieldNames()).containsExactlyElementsOf(components);
    }

    @Test
    void missingFieldsKeepTheirDefaults() {
        BackoffSettings read = BackoffSettingsJson.parse("{\"tier\":\"tier1\"}", "partial.json");
        assertThat(read).isEqualTo(BackoffSettings.defaults().withTier("tier1"));
    }

    @Test
    void acceptsCommonDurationForms() {
        assertThat(parse("{\"maxServerWait\":\"PT15M\"}").maxServerWait()).isEqualTo(Duration.ofMinutes(15));
        assertThat(parse("{\"maxServerWait\":\"15m\"}").maxServerWait()).isEqualTo(Duration.ofMinutes(15));
        assertThat(parse("{\"maxServerWait\":900}").maxServerWait()).isEqualTo(Duration.ofSeconds(900));
        assertThat(parse("{\"maxServerWait\":\"1m30s\"}").maxServerWait()).isEqualTo(Duration.ofSeconds(90));
        assertThat(parse("{\"connectTimeout\":\"2500ms\"}").connectTimeout()).isEqualTo(Duration.ofMillis(2500));
        assertThat(parse("{\"connectTimeout\":0.25}").connectTimeout()).isEqualTo(Duration.ofMillis(250));
    }

    @Test
    void anUnknownFieldIsAnErrorNamingTheFieldAndTheFile() throws Exception {
        // given
        Path file = dir.resolve("prod.json");
        Files.writeString(file, "{\"maxRetries\": 5, \"maxRetrys\": 7}");

        // when / then
        assertThatThrownBy(() -> BackoffSettingsJson.read(file))
                .isInstanceOf(SettingsException.class)
                .hasMessageStartingWith("prod.json:1: field 'maxRetrys': unknown field; known fields: endpoint, model")
                .satisfies(e -> assertThat(((SettingsException) e).field()).hasValue("maxRetrys"));
    }

    @Test
    void aBadValueIsAnErrorNamingTheField() {
        assertThatThrownBy(() -> parse("{\"maxRetries\": -1}"))
                .isInstanceOf(SettingsException.class)
                .hasMessage("s.json:1: field 'maxRetries': maxRetries must not be negative: -1");
        assertThatThrownBy(() -> parse("{\"maxRetries\": \"five\"}"))
                .hasMessage("s.json:1: field 'maxRetries': expected a whole number, got \"five\"");
        assertThatThrownBy(() -> parse("{\"maxServerWait\": \"soon\"}"))
                .hasMessageStartingWith("s.json:1: field 'maxServerWait': not a duration: 'soon'");
        assertThatThrownBy(() -> parse("{\"jitter\": \"some\"}"))
                .hasMessage("s.json:1: field 'jitter': unknown jitter 'some'; known: none, full, equal, decorrelated");
        assertThatThrownBy(() -> parse("{\"retryStatusCodes\": [500, 700]}"))
                .hasMessage("s.json:1: field 'retryStatusCodes': retryStatusCodes must be HTTP statuses 100-599: 700");
        assertThatThrownBy(() -> parse("{\"endpoint\": \"ftp://x\"}"))
                .hasMessageStartingWith("s.json:1: field 'endpoint': endpoint must be an absolute http(s) URL");
        assertThatThrownBy(() -> parse("{\"model\": null}"))
                .hasMessage("s.json:1: field 'model': must not be null");
    }

    @Test
    void malformedJsonIsAnErrorNamingTheFile() {
        assertThatThrownBy(() -> parse("{\"maxRetries\": 5,"))
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
        assertThatThrownBy(() -> BackoffSettingsJson.read(dir.resolve("absent.json")))
                .isInstanceOf(SettingsException.class)
                .hasMessageStartingWith("absent.json: cannot read settings");
    }

    @Test
    void rpmMayBeNullToClearIt() {
        assertThat(parse("{\"rpm\": null}").rpm()).isEmpty();
        assertThat(parse("{\"rpm\": 60}").rpm()).hasValue(60);
    }

    private static BackoffSettings parse(String json) {
        return BackoffSettingsJson.parse(json, "s.json");
    }
}
