package dev.progressivebackoff.transport.httpclient5;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS verification is on, always: an https endpoint on loopback with a self-signed certificate (made by the
 * JDK's keytool for this test) is refused during the handshake, so no request — and no key — ever reaches it.
 */
class TlsVerificationTest {

    @TempDir
    Path dir;

    @Test
    void aSelfSignedCertificateIsRefusedAndTheKeyNeverSent() throws Exception {
        // given an https server on loopback with a certificate nobody signed
        SSLContext serverTls = selfSignedServerContext();
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(serverTls));
        AtomicInteger requests = new AtomicInteger();
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        URI models = URI.create("https://127.0.0.1:" + server.getAddress().getPort() + "/v1/models");

        // when / then
        try (HttpClient5Transport transport =
                HttpClient5Transport.builder().withMaxTransportRetries(0).build()) {
            assertThatThrownBy(() -> transport.execute(
                            TransportRequest.get(models).withBearerToken(ApiKey.of("sk-tls-test-secret"))))
                    .isInstanceOf(TransportException.class)
                    .hasMessageContaining("SSLHandshakeException")
                    .hasMessageNotContaining("sk-tls-test-secret");
        } finally {
            server.stop(0);
        }
        assertThat(requests.get()).isZero();
    }

    private SSLContext selfSignedServerContext() throws Exception {
        Path keystore = dir.resolve("server.p12");
        String keytool =
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Process process = new ProcessBuilder(List.of(
                        keytool,
                        "-genkeypair",
                        "-alias",
                        "server",
                        "-keyalg",
                        "RSA",
                        "-keysize",
                        "2048",
                        "-validity",
                        "2",
                        "-dname",
                        "CN=localhost",
                        "-ext",
                        "san=ip:127.0.0.1,dns:localhost",
                        "-storetype",
                        "PKCS12",
                        "-keystore",
                        keystore.toString(),
                        "-storepass",
                        "changeit",
                        "-keypass",
                        "changeit"))
                .redirectErrorStream(true)
                .start();
        process.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isZero();
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, "changeit".toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        return context;
    }
}
