package dev.progressivebackoff.simulator;

import java.util.Locale;

/** How the simulated provider states the wait on a 429, besides the hint in the error message. */
public enum RetryAfterStyle {
    /** No retry header at all: only the message hint and the {@code x-ratelimit-*} headers (Moonshot's way). */
    NONE,
    /** {@code Retry-After: N}, whole seconds rounded up. */
    SECONDS,
    /** {@code Retry-After: <HTTP-date>}, measured against the response's {@code Date} header. */
    DATE,
    /** {@code retry-after-ms: N} (OpenAI, Azure), milliseconds rounded up. */
    MS;

    /**
     * The style called {@code name} ({@code none}, {@code seconds}, {@code date}, {@code ms}), ignoring case.
     *
     * @throws IllegalArgumentException naming the accepted values
     */
    public static RetryAfterStyle parse(String name) {
        for (RetryAfterStyle style : values()) {
            if (style.name().equalsIgnoreCase(name.trim())) {
                return style;
            }
        }
        throw new IllegalArgumentException("unknown retry-after style '" + name + "'; use none, seconds, date or ms");
    }

    /** The lower-case name used on the command line. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
