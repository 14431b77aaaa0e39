package dev.progressivebackoff.cli.internal.batch;

import java.util.List;

/**
 * What an input file holds.
 *
 * @param samples the valid samples, in file order
 * @param invalid the invalid lines (only ever non-empty when invalid lines are skipped)
 */
public record InputLines(List<Sample> samples, List<InvalidLine> invalid) {

    public InputLines {
        samples = List.copyOf(samples);
        invalid = List.copyOf(invalid);
    }
}
