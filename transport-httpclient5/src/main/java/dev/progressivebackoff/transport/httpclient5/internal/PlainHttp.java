package dev.progressivebackoff.transport.httpclient5.internal;

import java.net.URI;
import java.util.Locale;

/**
 * Decides whether a URL would send the API key in clear: plain {@code http://} to a host that is not
 * loopback. Loopback is judged from the URL alone — {@code localhost}, an IPv4 literal in
 * {@code 127.0.0.0/8}, or {@code ::1} — never by a DNS lookup, which could itself be spoofed.
 */
public final class PlainHttp {

    private PlainHttp() {}

    /** True if {@code uri} is {@code http://} to a host that is not loopback. */
    public static boolean isInsecure(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        return scheme.equals("http") && !isLoopback(uri.getHost());
    }

    /** True for {@code localhost}, {@code 127.x.y.z} and {@code ::1} (with or without brackets). */
    public static boolean isLoopback(String host) {
        if (host == null || host.isEmpty()) {
            return false;
        }
        String name = host.toLowerCase(Locale.ROOT);
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        if (name.equals("localhost")) {
            return true;
        }
        if (name.startsWith("[") && name.endsWith("]")) {
            name = name.substring(1, name.length() - 1);
        }
        if (name.equals("::1") || name.equals("0:0:0:0:0:0:0:1")) {
            return true;
        }
        String[] parts = name.split("\\.", -1);
        if (parts.length != 4 || !parts[0].equals("127")) {
            return false;
        }
        for (String part : parts) {
            if (part.isEmpty()
                    || part.length() > 3
                    || !part.chars().allMatch(c -> c >= '0' && c <= '9')
                    || Integer.parseInt(part) > 255) {
                return false;
            }
        }
        return true;
    }

    /** The message of a refusal, naming the host but nothing secret. */
    public static String refusal(URI uri) {
        return "refusing plain http:// to " + uri.getHost() + ", which is not loopback: the API key would travel in "
                + "clear; use https://, or allow it explicitly (allowInsecureHttp, --allow-insecure-http)";
    }
}
