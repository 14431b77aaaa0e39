package dev.progressivebackoff.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.progressivebackoff.simulator.SimulatedProvider;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import org.junit.jupiter.api.Test;

class ProviderFixtureTest {

    @Test
    void startsProvidersOnLoopbackAndClosesThemAfterTheTest() throws IOException {
        ProviderFixture providers = new ProviderFixture();
        SimulatedProvider first = providers.start(SimulatedProvider.builder().withRpm(60));
        SimulatedProvider second = providers.start(SimulatedProvider.builder().withRpm(60));
        URI endpoint = first.baseUri();

        assertThat(endpoint.getHost()).isEqualTo("127.0.0.1");
        assertThat(endpoint.getPort()).isNotEqualTo(second.baseUri().getPort());
        connect(endpoint);

        providers.afterEach(null);

        assertThatThrownBy(() -> connect(endpoint)).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> connect(second.baseUri())).isInstanceOf(IOException.class);
    }

    private static void connect(URI uri) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 2000);
        }
    }
}
