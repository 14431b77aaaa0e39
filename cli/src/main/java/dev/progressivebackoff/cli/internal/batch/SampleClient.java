package dev.progressivebackoff.cli.internal.batch;

/**
 * Sends one sample and returns its completion: the one seam between the batch runner and the HTTP
 * client, so the runner can be tested on its own. Implementations are thread-safe.
 */
public interface SampleClient extends AutoCloseable {

    /**
     * Completes {@code sample}, with every retry the client's policy allows.
     *
     * @throws SampleFailedException when the sample cannot be completed
     * @throws InterruptedException  when interrupted (the sample is then neither done nor failed)
     */
    Completion complete(Sample sample) throws SampleFailedException, InterruptedException;

    /** Releases connections; no exception. */
    @Override
    void close();
}
