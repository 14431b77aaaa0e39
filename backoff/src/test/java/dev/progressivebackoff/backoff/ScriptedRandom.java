package dev.progressivebackoff.backoff;

import java.util.random.RandomGenerator;

/** A {@link RandomGenerator} whose {@link #nextDouble()} plays fixed values in turn, repeating the last. */
final class ScriptedRandom implements RandomGenerator {

    private final double[] values;
    private int next;
    private int draws;

    private ScriptedRandom(double[] values) {
        this.values = values.clone();
    }

    /** Plays {@code values}, then repeats the last one. */
    static ScriptedRandom of(double... values) {
        return new ScriptedRandom(values);
    }

    /** A generator that fails the test if anything draws from it. */
    static RandomGenerator forbidden() {
        return () -> {
            throw new AssertionError("no random number may be drawn here");
        };
    }

    @Override
    public double nextDouble() {
        draws++;
        double value = values[Math.min(next, values.length - 1)];
        next++;
        return value;
    }

    @Override
    public long nextLong() {
        throw new UnsupportedOperationException("only nextDouble is scripted");
    }

    /** How many numbers were drawn. */
    int draws() {
        return draws;
    }
}
