package dev.progressivebackoff.core.support;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A short, readable excerpt of a body that is not JSON, such as a proxy's HTML 504 page: scripts, styles and
 * tags removed, a few entities decoded, whitespace collapsed, cut at {@link #MAX_CHARS} characters. Only the
 * first {@link #MAX_SCANNED} characters are looked at and every step is linear, so a huge or hostile body
 * costs little.
 */
public final class TextSnippet {

    /** The longest snippet kept. */
    public static final int MAX_CHARS = 300;
    /** How much of the text is read at most. */
    public static final int MAX_SCANNED = 64 * 1024;

    private static final Pattern TAGS = Pattern.compile("<[^<>]*+>");
    private static final Pattern ENTITY = Pattern.compile("&(amp|lt|gt|quot|#39|nbsp);");
    private static final Pattern SPACES = Pattern.compile("\\s++");

    private TextSnippet() {}

    /** The excerpt of {@code text}; blank text gives an empty string. */
    public static String of(String text) {
        String plain = text.length() > MAX_SCANNED ? text.substring(0, MAX_SCANNED) : text;
        if (looksLikeMarkup(plain)) {
            plain = withoutScripts(plain);
            plain = TAGS.matcher(plain).replaceAll(" ");
            plain = unescape(plain);
        }
        plain = SPACES.matcher(plain).replaceAll(" ").trim();
        if (plain.length() > MAX_CHARS) {
            return plain.substring(0, MAX_CHARS - 1) + "…";
        }
        return plain;
    }

    private static boolean looksLikeMarkup(String text) {
        return text.stripLeading().startsWith("<");
    }

    /** Drops {@code <script>…</script>} and {@code <style>…</style>} (an unclosed one runs to the end), in one pass. */
    private static String withoutScripts(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.length() != text.length()) {
            return text; // a case mapping changed lengths: offsets would not match, keep the text as it is
        }
        StringBuilder out = new StringBuilder(text.length());
        int from = 0;
        while (from < text.length()) {
            int script = lower.indexOf("<script", from);
            int style = lower.indexOf("<style", from);
            int open = script < 0 ? style : style < 0 ? script : Math.min(script, style);
            if (open < 0) {
                out.append(text, from, text.length());
                break;
            }
            out.append(text, from, open).append(' ');
            String close = open == script ? "</script" : "</style";
            int end = lower.indexOf(close, open);
            if (end < 0) {
                break;
            }
            int gt = lower.indexOf('>', end);
            from = gt < 0 ? text.length() : gt + 1;
        }
        return out.toString();
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
