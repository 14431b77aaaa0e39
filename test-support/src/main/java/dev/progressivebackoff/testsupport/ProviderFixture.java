package dev.progressivebackoff.testsupport;

import dev.progressivebackoff.simulator.SimulatedProvider;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts {@link SimulatedProvider}s on a random loopback port for one test and closes them after it. Register it
 * on an instance field: {@code @RegisterExtension final ProviderFixture providers = new ProviderFixture();}.
 */
public final class ProviderFixture implements AfterEachCallback {

    private final List<SimulatedProvider> started = new ArrayList<>();

    /**
     * Builds and starts a provider; it is closed after the test.
     *
     * @param builder the provider's settings; its port should stay the default (0: any free port)
     * @return the started provider ({@link SimulatedProvider#baseUri()} is its endpoint)
     */
    public synchronized SimulatedProvider start(SimulatedProvider.Builder builder) {
        SimulatedProvider provider = builder.build();
        started.add(provider);
        provider.start();
        return provider;
    }

    /** Closes every provider started for the test. */
    @Override
    public synchronized void afterEach(ExtensionContext context) {
        started.forEach(SimulatedProvider::close);
        started.clear();
    }
}
