package dev.progressivebackoff.cli.internal;

import com.beust.jcommander.converters.IParameterSplitter;
import java.util.List;

/**
 * Keeps a repeatable flag's value whole: JCommander splits list values on commas by default, which would
 * cut {@code -H 'Retry-After: Sun, 06 Nov 1994 08:49:37 GMT'} in three.
 */
public final class WholeValueSplitter implements IParameterSplitter {

    @Override
    public List<String> split(String value) {
        return List.of(value);
    }
}
