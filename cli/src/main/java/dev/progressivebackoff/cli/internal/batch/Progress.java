package dev.progressivebackoff.cli.internal.batch;

/** Shows how a run goes: a progress bar on a terminal, plain lines otherwise. Called from worker threads. */
@FunctionalInterface
public interface Progress extends AutoCloseable {

    /** A sample finished. */
    void update(RunCounts counts);

    /** The run ended. */
    @Override
    default void close() {}
}
