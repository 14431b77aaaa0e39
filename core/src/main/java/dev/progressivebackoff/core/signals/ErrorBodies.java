package dev.progressivebackoff.core.signals;

import dev.progressivebackoff.core.support.JsonTree;
import dev.progressivebackoff.core.support.TextSnippet;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads an error response body into an {@link ErrorBody}. Understands OpenAI and Moonshot
 * ({@code {"error":{"message","type","code"}}}), Anthropic ({@code {"type":"error","error":{"type","message"}}}),
 * {@code {"error":"text"}} and flat {@code {"message","type","code"}} bodies, and Google's
 * ({@code {"error":{"code","message","status","details":[...]}}}, possibly wrapped in a one-element array), whose
 * {@code status} is read as the type and whose {@code RetryInfo} and {@code QuotaFailure} details are kept. Anything
 * else, including an
 * HTML error page, is kept as a short text snippet ({@link TextSnippet}). Never throws, whatever the bytes; the
 * parts it keeps are bounded ({@link #MAX_MESSAGE_CHARS}, {@link #MAX_NAME_CHARS}), so a hostile server cannot
 * flood logs and files.
 *
 * <p>A documented API: use it to read the error of any JSON API's response, e.g. with
 * {@link RateLimitSignals#parse} on a response of your own transport. The {@link ErrorBody} keeps the error's
 * {@code type} and {@code code} beside its message.
 */
public final class ErrorBodies {

    /** The longest message kept from a JSON body. */
    public static final int MAX_MESSAGE_CHARS = 2000;
    /** The longest {@code type} or {@code code} kept. */
    public static final int MAX_NAME_CHARS = 200;
    /** The most {@code QuotaFailure} violations kept. */
    public static final int MAX_QUOTA_IDS = 10;

    private ErrorBodies() {}

    /** The error body of {@code body} decoded with {@code charset}; {@link ErrorBody#EMPTY} when blank. */
    public static ErrorBody parse(byte[] body, Charset charset) {
        try {
            return parse(new String(body, charset));
        } catch (RuntimeException unexpected) {
            // A backstop: decoding and reading are bounded and do not throw on any input.
            return ErrorBody.ofText("unreadable error body (" + body.length + " bytes)");
        }
    }

    /** The error body of {@code text}; {@link ErrorBody#EMPTY} when null or blank. */
    public static ErrorBody parse(String text) {
        if (text == null || text.isBlank()) {
            return ErrorBody.EMPTY;
        }
        Optional<Object> json = JsonTree.read(text).map(ErrorBodies::unwrapped);
        if (json.isPresent() && json.get() instanceof String root) {
            return ErrorBody.ofText(TextSnippet.of(root));
        }
        if (json.isEmpty() || !(json.get() instanceof Map<?, ?> root)) {
            return ErrorBody.ofText(TextSnippet.of(text));
        }
        ErrorBody parsed = fields(root);
        return parsed.isEmpty() ? ErrorBody.ofText(TextSnippet.of(text)) : parsed;
    }

    private static ErrorBody fields(Map<?, ?> root) {
        Object error = root.get("error");
        if (error instanceof Map<?, ?> inner) {
            Object type = inner.get("type") != null ? inner.get("type") : inner.get("status");
            return new ErrorBody(
                    name(type),
                    name(inner.get("code")),
                    message(inner.get("message")),
                    retryDelay(inner.get("details")),
                    quotaIds(inner.get("details")));
        }
        if (error instanceof String) {
            return new ErrorBody(name(root.get("type")), name(root.get("code")), message(error));
        }
        String message = message(root.get("message"));
        return new ErrorBody(
                name(root.get("type")),
                name(root.get("code")),
                message != null ? message : message(root.get("detail")));
    }

    /** Google sometimes wraps the error object in a one-element array: its first element. */
    private static Object unwrapped(Object root) {
        return root instanceof List<?> list && !list.isEmpty() && list.get(0) instanceof Map<?, ?> first ? first : root;
    }

    /** The {@code retryDelay} of the first {@code google.rpc.RetryInfo} detail, if any. */
    private static String retryDelay(Object details) {
        for (Map<?, ?> detail : details(details, "google.rpc.RetryInfo")) {
            String delay = name(detail.get("retryDelay"));
            if (delay != null) {
                return delay;
            }
        }
        return null;
    }

    /** The quota id (or metric) of each violation of the {@code google.rpc.QuotaFailure} details. */
    private static List<String> quotaIds(Object details) {
        List<String> ids = new ArrayList<>();
        for (Map<?, ?> detail : details(details, "google.rpc.QuotaFailure")) {
            if (detail.get("violations") instanceof List<?> violations) {
                for (Object violation : violations) {
                    if (violation instanceof Map<?, ?> v && ids.size() < MAX_QUOTA_IDS) {
                        String id = name(v.get("quotaId") != null ? v.get("quotaId") : v.get("quotaMetric"));
                        if (id != null) {
                            ids.add(id);
                        }
                    }
                }
            }
        }
        return ids;
    }

    private static List<Map<?, ?>> details(Object details, String type) {
        List<Map<?, ?>> found = new ArrayList<>();
        if (details instanceof List<?> list) {
            for (Object detail : list) {
                if (detail instanceof Map<?, ?> map && map.get("@type") instanceof String at && at.endsWith(type)) {
                    found.add(map);
                }
            }
        }
        return found;
    }

    private static String name(Object node) {
        return cut(scalar(node), MAX_NAME_CHARS);
    }

    private static String message(Object node) {
        return cut(scalar(node), MAX_MESSAGE_CHARS);
    }

    /** A string or a number/boolean's text; null for a missing value, JSON null, an object or an array. */
    private static String scalar(Object node) {
        if (node instanceof String text) {
            return text;
        }
        return node instanceof JsonTree.Scalar scalar ? scalar.text() : null;
    }

    private static String cut(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        int end = Character.isHighSurrogate(text.charAt(max - 2)) ? max - 2 : max - 1;
        return text.substring(0, end) + "…";
    }
}
