package dev.progressivebackoff.transport.httpclient5.internal;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A short, readable excerpt of a body that is not JSON, such as a proxy's HTML 504 page: tags and
 * scripts removed, whitespace collapsed, cut at {@link #MAX_CHARS} characters.
 */
public final class TextSnippet {

    /** The longest snippet kept. */
    public static final int MAX_CHARS = 300;

    private static final Pattern SCRIPTS = Pattern.compile("(?is)<(script|style)\\b.*?</\\1\\s*>");
    private static final Pattern TAGS = Pattern.compile("(?s)<[^>]*>");
    private static final Pattern ENTITY = Pattern.compile("&(amp|lt|gt|quot|#39|nbsp);");

    private TextSnippet() {
    }

    /** The excerpt of {@code text}; blank text gives an empty string. */
    public static String of(String text) {
        String plain = text;
        if (looksLikeMarkup(text)) {
            plain = TAGS.matcher(SCRIPTS.matcher(text).replaceAll(" ")).replaceAll(" ");
            plain = unescape(plain);
        }
        plain = plain.replaceAll("\\s+", " ").trim();
        if (plain.length() > MAX_CHARS) {
            return plain.substring(0, MAX_CHARS - 1) + "…";
        }
        return plain;
    }

    private static boolean looksLikeMarkup(String text) {
        String head = text.stripLeading();
        return head.startsWith("<");
    }

    private static String unescape(String text) {
        Matcher matcher = ENTITY.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String replacement = switch (matcher.group(1)) {
                case "amp" -> "&";
                case "lt" -> "<";
                case "gt" -> ">";
                case "quot" -> "\"";
                case "#39" -> "'";
                default -> " ";
            };
            matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(out);
        return out.toString();
    }
}
