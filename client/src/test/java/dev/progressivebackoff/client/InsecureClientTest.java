package dev.progressivebackoff.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.progressivebackoff.transport.httpclient5.BackoffSettings;
import dev.progressivebackoff.transport.httpclient5.BackoffSettingsBuilder;
import dev.progressivebackoff.transport.httpclient5.HttpClient5Transport;
import dev.progressivebackoff.transport.httpclient5.HttpClient5TransportBuilder;
import dev.progressivebackoff.transport.httpclient5.InsecureEndpointException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A client for plain {@code http://} to a host that is not loopback is refused unless explicitly allowed; and
 * no client builder or setting can switch TLS verification off. (192.0.2.0/24 is reserved for documentation:
 * nothing answers there, and nothing is sent, because the refusal comes first.)
 */
class InsecureClientTest {

    private static final Pattern TRUST_ALL = Pattern.compile(
            "(?i).*(trust|insecure(ssl|tls)|verif(y|ication)(ssl|tls|host|cert)|hostnameverif|sslcontext|certificate"
                    + "|skip(tls|ssl)).*");

    @Test
    void aClientForAPlainHttpEndpointThatIsNotLoopbackIsRefusedWhenBuilt() {
        assertThatThrownBy(() -> TeacherClient.builder().withEndpoint("http://192.0.2.10/v1").withApiKey("sk-x").build())
                .isInstanceOf(InsecureEndpointException.class)
                .hasMessageContaining("refusing plain http:// to 192.0.2.10")
                .hasMessageContaining("allowInsecureHttp");
    }

    @Test
    void allowingInsecureHttpIsAnExplicitSettingOffByDefault() {
        BackoffSettings allowed = BackoffSettings.defaults().withEndpoint("http://192.0.2.10/v1")
                .withAllowInsecureHttp(true);

        try (TeacherClient client = TeacherClient.builder().withSettings(allowed).withApiKey("sk-x").build()) {
            assertThat(client.settings().allowInsecureHttp()).isTrue();
        }
        assertThat(BackoffSettings.defaults().allowInsecureHttp()).isFalse();
        assertThat(BackoffSettingsJson.parse("{\"endpoint\":\"http://192.0.2.10/v1\",\"allowInsecureHttp\":true}", "s")
                .allowInsecureHttp()).isTrue();
        assertThat(BackoffSettings.defaults().withEndpoint("http://192.0.2.10/v1").isInsecureEndpoint()).isTrue();
        assertThat(BackoffSettings.defaults().withEndpoint("http://127.0.0.1:8080/v1").isInsecureEndpoint()).isFalse();
    }

    @Test
    void noBuilderNorSettingOffersToTrustAllCertificatesOrSkipVerification() {
        List<String> names = new ArrayList<>();
        for (Class<?> type : List.of(TeacherClientBuilder.class, HttpClient5TransportBuilder.class,
                BackoffSettingsBuilder.class, BackoffSettings.class, TeacherClient.class, HttpClient5Transport.class)) {
            for (Method method : type.getMethods()) {
                names.add(type.getSimpleName() + "." + method.getName());
            }
        }
        for (RecordComponent component : BackoffSettings.class.getRecordComponents()) {
            names.add("BackoffSettings component " + component.getName());
        }
        names.addAll(BackoffSettingsJson.fieldNames());

        assertThat(names).isNotEmpty().noneMatch(name -> TRUST_ALL.matcher(name).matches());
    }
}
