package dev.progressivebackoff.cli.archfixture.lower;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Breaks "no third-party dependencies, no logging" in a low module. Its logger is fine as static state. */
public final class Logs {

    private static final Logger LOG = LoggerFactory.getLogger(Logs.class);

    /** Logs something. */
    public void hello() {
        LOG.info("hello");
    }
}
