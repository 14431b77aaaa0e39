package dev.progressivebackoff.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.progressivebackoff.transport.httpclient5.HttpClient5Transport;
import dev.progressivebackoff.transport.httpclient5.HttpClient5TransportBuilder;
import dev.progressivebackoff.transport.httpclient5.InsecureEndpointException;
import dev.progressivebackoff.transport.httpclient5.TransportSettings;
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
        assertThatThrownBy(() -> TeacherClient.builder()
                        .withEndpoint("http://192.0.2.10/v1")
                        .withApiKey("sk-x")
                        .build())
                .isInstanceOf(InsecureEndpointException.class)
                .hasMessageContaining("refusing plain http:// to 192.0.2.10")
                .hasMessageContaining("allowInsecureHttp");
    }

    @Test
    void allowingInsecureHttpIsAnExplicitSettingOffByDefault() {
        ClientSettings allowed = ClientSettings.builder()
                .withEndpoint("http://192.0.2.10/v1")
                .withTransport(
                        TransportSettings.builder().withAllowInsecureHttp(true).build())
                .build();

        try (TeacherClient client =
                TeacherClient.builder().withSettings(allowed).withApiKey("sk-x").build()) {
            assertThat(client.settings().transport().allowInsecureHttp()).isTrue();
        }
        assertThat(ClientSettings.defaults().transport().allowInsecureHttp()).isFalse();
        assertThat(ClientSettingsJson.parse("{\"endpoint\":\"http://192.0.2.10/v1\",\"allowInsecureHttp\":true}", "s")
                        .transport()
                        .allowInsecureHttp())
                .isTrue();
        assertThat(ClientSettings.builder()
                        .withEndpoint("http://192.0.2.10/v1")
                        .build()
                        .isInsecureEndpoint())
                .isTrue();
        assertThat(ClientSettings.builder()
                        .withEndpoint("http://127.0.0.1:8080/v1")
                        .build()
                        .isInsecureEndpoint())
                .isFalse();
    }

    @Test
    void noBuilderNorSettingOffersToTrustAllCertificatesOrSkipVerification() {
        List<String> names = new ArrayList<>();
        for (Class<?> type : List.of(
                TeacherClientBuilder.class,
                HttpClient5TransportBuilder.class,
                ClientSettings.Builder.class,
                ClientSettings.class,
                TransportSettings.Builder.class,
                TransportSettings.class,
                RateLimitSettings.Builder.class,
                RateLimitSettings.class,
                TeacherClient.class,
                HttpClient5Transport.class)) {
            for (Method method : type.getMethods()) {
                names.add(type.getSimpleName() + "." + method.getName());
            }
        }
        for (Class<?> settings : List.of(ClientSettings.class, TransportSettings.class, RateLimitSettings.class)) {
            for (RecordComponent component : settings.getRecordComponents()) {
                names.add(settings.getSimpleName() + " component " + component.getName());
            }
        }
        names.addAll(ClientSettingsJson.fieldNames());

        assertThat(names).isNotEmpty().noneMatch(name -> TRUST_ALL.matcher(name).matches());
    }
}
