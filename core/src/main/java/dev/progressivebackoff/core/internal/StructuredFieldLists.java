package dev.progressivebackoff.core.internal;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An RFC 8941 Structured Field List parser, enough for the IETF RateLimit headers
 * ({@code RateLimit: "default";r=0;t=50}, {@code RateLimit-Policy: "burst";q=100;w=10, "day";q=1000;w=86400}).
 * Supports every RFC 8941 bare item (integer, decimal, string, token, byte sequence, boolean),
 * parameters and inner lists. As the RFC demands, any syntax error fails the whole field: the parser
 * then returns empty rather than a partial list.
 */
public final class StructuredFieldLists {

    private final String input;
    private int pos;

    private StructuredFieldLists(String input) {
        this.input = input;
    }

    /** A token bare item, e.g. {@code default} in {@code default;q=10}. */
    public record Token(String text) {}

    /** A byte sequence bare item, kept as its base64 text. */
    public record ByteSequence(String base64) {}

    /**
     * One list member: a bare item ({@link Long}, {@link BigDecimal}, {@link String}, {@link Token},
     * {@link ByteSequence}, {@link Boolean}) or an inner list ({@code List<Member>}), with parameters.
     *
     * @param value  the bare item or inner list
     * @param params parameters in order; a parameter without a value is {@code true}
     */
    public record Member(Object value, Map<String, Object> params) {

        public Member {
            params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
        }

        /** The value as text when it is a string or a token. */
        public Optional<String> name() {
            return text(value);
        }

        /** The value when it is an integer. */
        public Optional<Long> integer() {
            return value instanceof Long number ? Optional.of(number) : Optional.empty();
        }

        /** The parameter {@code key} when it is an integer. */
        public Optional<Long> integerParam(String key) {
            return params.get(key) instanceof Long number ? Optional.of(number) : Optional.empty();
        }

        /** The parameter {@code key} when it is a string or a token. */
        public Optional<String> textParam(String key) {
            return text(params.get(key));
        }

        private static Optional<String> text(Object item) {
            if (item instanceof String string) {
                return Optional.of(string);
            }
            return item instanceof Token token ? Optional.of(token.text()) : Optional.empty();
        }
    }

    /** Parses one field value as a list; empty when it is not a valid RFC 8941 list. */
    public static Optional<List<Member>> parse(String fieldValue) {
        StructuredFieldLists parser = new StructuredFieldLists(Decimals.trimOws(fieldValue));
        try {
            return Optional.of(parser.list());
        } catch (IllegalArgumentException malformed) {
            return Optional.empty();
        }
    }

    /**
     * Parses a field sent on several lines. RFC 8941 joins the lines with commas; if the joined value
     * fails, each line that parses on its own still counts, so one bad line cannot hide the others.
     */
    public static List<Member> parseLines(List<String> lines) {
        Optional<List<Member>> joined = parse(String.join(",", lines));
        if (joined.isPresent()) {
            return joined.get();
        }
        List<Member> members = new ArrayList<>();
        lines.forEach(line -> parse(line).ifPresent(members::addAll));
        return List.copyOf(members);
    }

    private List<Member> list() {
        List<Member> members = new ArrayList<>();
        while (!atEnd()) {
            members.add(peek() == '(' ? innerList() : new Member(bareItem(), parameters()));
            skipOws();
            if (atEnd()) {
                return members;
            }
            expect(',');
            skipOws();
            if (atEnd()) {
                throw malformed("trailing comma");
            }
        }
        return members;
    }

    private Member innerList() {
        expect('(');
        List<Member> items = new ArrayList<>();
        while (!atEnd()) {
            skipSpaces();
            if (!atEnd() && peek() == ')') {
                pos++;
                return new Member(List.copyOf(items), parameters());
            }
            items.add(new Member(bareItem(), parameters()));
            if (atEnd() || (peek() != ' ' && peek() != ')')) {
                throw malformed("inner list item not followed by space or ')'");
            }
        }
        throw malformed("unterminated inner list");
    }

    private Map<String, Object> parameters() {
        Map<String, Object> params = new LinkedHashMap<>();
        while (!atEnd() && peek() == ';') {
            pos++;
            skipSpaces();
            String key = key();
            Object value = Boolean.TRUE;
            if (!atEnd() && peek() == '=') {
                pos++;
                value = bareItem();
            }
            params.put(key, value);
        }
        return params;
    }

    private String key() {
        int start = pos;
        if (atEnd() || !(isLcAlpha(peek()) || peek() == '*')) {
            throw malformed("parameter key");
        }
        while (!atEnd() && (isLcAlpha(peek()) || isDigit(peek()) || "_-.*".indexOf(peek()) >= 0)) {
            pos++;
        }
        return input.substring(start, pos);
    }

    private Object bareItem() {
        if (atEnd()) {
            throw malformed("missing item");
        }
        char c = peek();
        if (c == '-' || isDigit(c)) {
            return number();
        }
        if (c == '"') {
            return string();
        }
        if (c == '*' || isAlpha(c)) {
            return token();
        }
        if (c == ':') {
            return byteSequence();
        }
        if (c == '?') {
            return bool();
        }
        throw malformed("unknown item");
    }

    private Object number() {
        int start = pos;
        if (peek() == '-') {
            pos++;
        }
        int digitsStart = pos;
        while (!atEnd() && isDigit(peek())) {
            pos++;
        }
        int wholeDigits = pos - digitsStart;
        if (wholeDigits == 0) {
            throw malformed("number without digits");
        }
        if (atEnd() || peek() != '.') {
            if (wholeDigits > 15) {
                throw malformed("integer too long");
            }
            return Long.parseLong(input.substring(start, pos));
        }
        pos++;
        int fractionStart = pos;
        while (!atEnd() && isDigit(peek())) {
            pos++;
        }
        int fractionDigits = pos - fractionStart;
        if (wholeDigits > 12 || fractionDigits < 1 || fractionDigits > 3) {
            throw malformed("decimal shape");
        }
        return new BigDecimal(input.substring(start, pos));
    }

    private String string() {
        expect('"');
        StringBuilder text = new StringBuilder();
        while (!atEnd()) {
            char c = input.charAt(pos++);
            if (c == '\\') {
                if (atEnd() || (peek() != '"' && peek() != '\\')) {
                    throw malformed("bad escape");
                }
                text.append(input.charAt(pos++));
            } else if (c == '"') {
                return text.toString();
            } else if (c < 0x20 || c > 0x7e) {
                throw malformed("non-printable character in string");
            } else {
                text.append(c);
            }
        }
        throw malformed("unterminated string");
    }

    private Token token() {
        int start = pos++;
        while (!atEnd() && (isTchar(peek()) || peek() == ':' || peek() == '/')) {
            pos++;
        }
        return new Token(input.substring(start, pos));
    }

    private ByteSequence byteSequence() {
        expect(':');
        int start = pos;
        while (!atEnd() && peek() != ':') {
            char c = peek();
            if (!(isAlpha(c) || isDigit(c) || c == '+' || c == '/' || c == '=')) {
                throw malformed("byte sequence character");
            }
            pos++;
        }
        String base64 = input.substring(start, pos);
        expect(':');
        return new ByteSequence(base64);
    }

    private Boolean bool() {
        expect('?');
        if (!atEnd() && (peek() == '0' || peek() == '1')) {
            return input.charAt(pos++) == '1';
        }
        throw malformed("boolean");
    }

    private void expect(char c) {
        if (atEnd() || peek() != c) {
            throw malformed("expected '" + c + "'");
        }
        pos++;
    }

    private void skipSpaces() {
        while (!atEnd() && peek() == ' ') {
            pos++;
        }
    }

    private void skipOws() {
        while (!atEnd() && (peek() == ' ' || peek() == '\t')) {
            pos++;
        }
    }

    private boolean atEnd() {
        return pos >= input.length();
    }

    private char peek() {
        return input.charAt(pos);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isLcAlpha(char c) {
        return c >= 'a' && c <= 'z';
    }

    private static boolean isAlpha(char c) {
        return isLcAlpha(c) || (c >= 'A' && c <= 'Z');
    }

    private static boolean isTchar(char c) {
        return isAlpha(c) || isDigit(c) || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
    }

    private IllegalArgumentException malformed(String what) {
        return new IllegalArgumentException("not an RFC 8941 list at " + pos + ": " + what);
    }
}
