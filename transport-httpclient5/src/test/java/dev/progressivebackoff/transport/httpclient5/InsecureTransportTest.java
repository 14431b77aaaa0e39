package dev.progressivebackoff.transport.httpclient5;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Plain {@code http://} to a host that is not loopback is refused before any connection unless explicitly
 * allowed; and there is no way at all to switch TLS verification off. (192.0.2.0/24 is reserved for
 * documentation: nothing answers there, and nothing is sent, because the refusal comes first.)
 */
class InsecureTransportTest {

    private static final Pattern TRUST_ALL = Pattern.compile(
            "(?i).*(trust|insecure(ssl|tls)|verif(y|ication)(ssl|tls|host|cert)|hostnameverif|sslcontext|certificate"
                    + "|skip(tls|ssl)).*");

    @Test
    void aRequestToAPlainHttpHostThatIsNotLoopbackIsRefusedBeforeConnecting() {
        try (HttpClient5Transport transport =
                HttpClient5Transport.builder().withMaxTransportRetries(3).build()) {
            assertThatThrownBy(() -> transport.execute(TransportRequest.get(URI.create("http://192.0.2.10/v1/models"))
                            .withBearerToken(ApiKey.of("sk-secret-test"))))
                    .isInstanceOf(InsecureEndpointException.class)
                    .hasMessageNotContaining("sk-secret-test")
                    .satisfies(e ->
                            assertThat(((InsecureEndpointException) e).host()).isEqualTo("192.0.2.10"));
        }
    }

    @Test
    void noBuilderNorSettingOffersToTrustAllCertificatesOrSkipVerification() {
        List<String> names = new ArrayList<>();
        for (Class<?> type : List.of(
                HttpClient5TransportBuilder.class,
                TransportSettings.Builder.class,
                TransportSettings.class,
                HttpClient5Transport.class)) {
            for (Method method : type.getMethods()) {
                names.add(type.getSimpleName() + "." + method.getName());
            }
        }
        for (RecordComponent component : TransportSettings.class.getRecordComponents()) {
            names.add("TransportSettings component " + component.getName());
        }

        assertThat(names).isNotEmpty().noneMatch(name -> TRUST_ALL.matcher(name).matches());
    }
}
