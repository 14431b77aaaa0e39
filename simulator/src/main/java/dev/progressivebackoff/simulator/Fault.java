package dev.progressivebackoff.simulator;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A fault the simulated provider can inject into chat completions (see
 * {@link SimulatedProvider.Builder#withFault}), to prove a client survives what real servers and networks do.
 * Each says how a well-behaved client treats it.
 */
public enum Fault {
    /** A burst of consecutive 500/502/503/504 responses (JSON bodies). Retryable by the transport. */
    SERVER_ERROR_BURST("5xx"),
    /** The connection is closed without any response, as a reset or a crashed upstream looks to a client. Retryable. */
    CONNECTION_RESET("reset"),
    /** The answer comes only after the configured slow delay, beyond a client's response timeout. Retryable. */
    SLOW_RESPONSE("slow"),
    /** A complete 200 whose body is not valid JSON (cut off mid-object). Not retryable: it fails clearly. */
    MALFORMED_JSON("malformed-json"),
    /** A 200 whose body the connection cuts short of its {@code Content-Length}. Retryable (an I/O failure). */
    TRUNCATED_JSON("truncated-json"),
    /** A 502 with a proxy's HTML error page instead of JSON. Retryable; its text is reported readably. */
    HTML_ERROR_PAGE("html"),
    /** A 200 with an empty body. Not retryable: it fails clearly. */
    EMPTY_BODY("empty"),
    /** A 200 whose body is larger than a client should ever read. Not retryable: the client's body cap stops it. */
    HUGE_BODY("huge");

    private final String cliName;

    Fault(String cliName) {
        this.cliName = cliName;
    }

    /** The name used on the command line ({@code backoff serve --fault 5xx:0.1}). */
    public String cliName() {
        return cliName;
    }

    /**
     * The fault called {@code name} (its command-line name or its constant name), ignoring case.
     *
     * @throws IllegalArgumentException naming the known faults
     */
    public static Fault parse(String name) {
        String wanted = name.trim().toLowerCase(Locale.ROOT);
        for (Fault fault : values()) {
            if (fault.cliName.equals(wanted)
                    || fault.name().toLowerCase(Locale.ROOT).equals(wanted)) {
                return fault;
            }
        }
        throw new IllegalArgumentException("unknown fault '" + name + "'; known: " + names());
    }

    /** Every command-line name, comma-separated. */
    public static String names() {
        return Arrays.stream(values()).map(Fault::cliName).collect(Collectors.joining(", "));
    }
}
