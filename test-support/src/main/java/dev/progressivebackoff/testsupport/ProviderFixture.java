package dev.progressivebackoff.testsupport;

import dev.progressivebackoff.simulator.SimulatedProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts {@link SimulatedProvider}s on a random loopback port for one test and closes them after it. Register it
 * on an instance field: {@code @RegisterExtension final ProviderFixture providers = new ProviderFixture();}.
 */
public final class ProviderFixture implements AfterEachCallback {

    /** A lock, not a monitor: starting and stopping servers must not pin a virtual thread. */
    private final ReentrantLock lock = new ReentrantLock();

    private final List<SimulatedProvider> started = new ArrayList<>();

    /**
     * Builds and starts a provider; it is closed after the test.
     *
     * @param builder the provider's settings; its port should stay the default (0: any free port)
     * @return the started provider ({@link SimulatedProvider#baseUri()} is its endpoint)
     */
    public SimulatedProvider start(SimulatedProvider.Builder builder) {
        lock.lock();
        try {
            SimulatedProvider provider = builder.build();
            started.add(provider);
            provider.start();
            return provider;
        } finally {
            lock.unlock();
        }
    }

    /** Closes every provider started for the test. */
    @Override
    public void afterEach(ExtensionContext context) {
        lock.lock();
        try {
            started.forEach(SimulatedProvider::close);
            started.clear();
        } finally {
            lock.unlock();
        }
    }
}
