package dev.progressivebackoff.core.support;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A strict, bounded JSON (RFC 8259) reader for error bodies, so that the core needs no JSON library. Values
 * become a {@link Map} (the last of duplicate names wins), a {@link List}, a {@link String}, a {@link Scalar}
 * (a number or boolean, as text) or {@link #NULL}. Text after the first value is ignored. Nesting, string
 * and number lengths are capped (as Jackson's default read constraints do), so hostile input costs little.
 */
public final class JsonTree {

    /** JSON's {@code null}. */
    public static final Object NULL = new Object();

    /** The deepest nesting read; deeper input is not JSON here. */
    public static final int MAX_DEPTH = 1000;

    static final int MAX_STRING_CHARS = 20_000_000;
    static final int MAX_NUMBER_CHARS = 1000;

    /** A number or boolean, as Jackson's {@code asText()} spells it. */
    public record Scalar(String text) {}

    private final String text;
    private int at;

    private JsonTree(String text) {
        this.text = text;
    }

    /** The first value of {@code text}, or empty when it does not start with well-formed JSON. */
    public static Optional<Object> read(String text) {
        JsonTree reader = new JsonTree(text);
        try {
            return Optional.of(reader.value(0));
        } catch (Malformed | NumberFormatException malformed) {
            return Optional.empty();
        }
    }

    private Object value(int depth) {
        if (depth > MAX_DEPTH) {
            throw new Malformed();
        }
        char c = skipSpaceAndPeek();
        switch (c) {
            case '{':
                return object(depth + 1);
            case '[':
                return array(depth + 1);
            case '"':
                return string();
            case 't':
                return literal("true", new Scalar("true"));
            case 'f':
                return literal("false", new Scalar("false"));
            case 'n':
                return literal("null", NULL);
            default:
                return number();
        }
    }

    private Map<String, Object> object(int depth) {
        Map<String, Object> members = new LinkedHashMap<>();
        at++;
        if (skipSpaceAndPeek() == '}') {
            at++;
            return members;
        }
        do {
            if (skipSpaceAndPeek() != '"') {
                throw new Malformed();
            }
            String name = string();
            expect(':');
            members.put(name, value(depth));
        } while (separator('}'));
        return members;
    }

    private List<Object> array(int depth) {
        List<Object> items = new ArrayList<>();
        at++;
        if (skipSpaceAndPeek() == ']') {
            at++;
            return items;
        }
        do {
            items.add(value(depth));
        } while (separator(']'));
        return items;
    }

    /** True after a comma, false after {@code close}; anything else is malformed. */
    private boolean separator(char close) {
        char c = skipSpaceAndPeek();
        at++;
        if (c == ',' || c == close) {
            return c == ',';
        }
        throw new Malformed();
    }

    private String string() {
        StringBuilder out = new StringBuilder();
        at++;
        while (true) {
            char c = next();
            if (c == '"') {
                return out.toString();
            }
            if (c < 0x20) {
                throw new Malformed();
            }
            out.append(c == '\\' ? escaped() : c);
            if (out.length() > MAX_STRING_CHARS) {
                throw new Malformed();
            }
        }
    }

    private char escaped() {
        char c = next();
        return switch (c) {
            case '"', '\\', '/' -> c;
            case 'b' -> '\b';
            case 'f' -> '\f';
            case 'n' -> '\n';
            case 'r' -> '\r';
            case 't' -> '\t';
            case 'u' -> (char) Integer.parseInt(hex4(), 16);
            default -> throw new Malformed();
        };
    }

    private String hex4() {
        if (at + 4 > text.length()) {
            throw new Malformed();
        }
        String digits = text.substring(at, at + 4);
        at += 4;
        if (!digits.chars().allMatch(d -> Character.digit(d, 16) >= 0)) {
            throw new Malformed();
        }
        return digits;
    }

    private Object literal(String word, Object value) {
        if (!text.startsWith(word, at)) {
            throw new Malformed();
        }
        at += word.length();
        return value;
    }

    /** {@code -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?}: integers exactly, others as doubles. */
    private Scalar number() {
        int start = at;
        boolean integral = true;
        accept('-');
        if (!accept('0')) {
            digits();
        }
        if (accept('.')) {
            integral = false;
            digits();
        }
        if (accept('e') || accept('E')) {
            integral = false;
            if (!accept('+')) {
                accept('-');
            }
            digits();
        }
        String literal = text.substring(start, at);
        if (literal.length() > MAX_NUMBER_CHARS) {
            throw new Malformed();
        }
        return new Scalar(integral ? new BigInteger(literal).toString() : Double.toString(Double.parseDouble(literal)));
    }

    private void digits() {
        int start = at;
        while (at < text.length() && text.charAt(at) >= '0' && text.charAt(at) <= '9') {
            at++;
        }
        if (at == start) {
            throw new Malformed();
        }
    }

    private boolean accept(char c) {
        if (peek() == c) {
            at++;
            return true;
        }
        return false;
    }

    private void expect(char c) {
        if (skipSpaceAndPeek() != c) {
            throw new Malformed();
        }
        at++;
    }

    private char skipSpaceAndPeek() {
        while (at < text.length() && " \t\n\r".indexOf(text.charAt(at)) >= 0) {
            at++;
        }
        return peek();
    }

    /** The next character, or {@code \0} at the end (never valid where a value or separator is needed). */
    private char peek() {
        return at < text.length() ? text.charAt(at) : '\0';
    }

    private char next() {
        if (at >= text.length()) {
            throw new Malformed();
        }
        return text.charAt(at++);
    }

    /** Not JSON: caught by {@link #read}, never escapes. No stack trace: hostile input may raise it often. */
    private static final class Malformed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Malformed() {
            super("malformed JSON", null, false, false);
        }
    }
}
