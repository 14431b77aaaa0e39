package dev.progressivebackoff.simulator.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A deterministic, plausible answer to a conversation: the same messages always give the same text,
 * different ones usually differ. Token counts are estimated at one token per four characters, as rough
 * as, and close enough to, a real tokenizer for quota purposes.
 */
public final class CompletionText {

    private static final List<String> OPENINGS = List.of(
            "The short answer is that it depends on a few concrete constraints, so let us make them explicit.",
            "A good way to approach this is to break it into smaller parts and handle each one on its own.",
            "Start from the simplest case that works, then generalise one step at a time.",
            "The key idea is to separate what must happen from how it is carried out.",
            "It helps to look at a small, concrete example before reaching for the general rule.",
            "There are two common approaches here, and the right one depends on scale and risk.");
    private static final List<String> BODIES = List.of(
            "First, state the assumptions and the inputs you actually have. Second, pick the smallest design"
                    + " that meets them. Third, check the result against an independent measurement.",
            "In practice, measure before optimising, keep the moving parts few, and write down why each"
                    + " decision was made so the next person can revisit it.",
            "Begin with a clear definition, work through one example by hand, and only then automate it;"
                    + " the example will catch most misunderstandings early.",
            "Consider the failure cases first: what happens when an input is missing, too large or late."
                    + " A design that answers those questions is usually simple for the common case too.",
            "Compare the options on cost, reliability and how easy they are to change later; the cheapest"
                    + " option today is rarely the cheapest over a year.");
    private static final List<String> CLOSINGS = List.of(
            "If you share more details, I can make this more specific.",
            "I hope this gives you a solid starting point.",
            "Let me know which part you would like to explore further.",
            "That should cover the essentials.");

    private CompletionText() {}

    /**
     * The answer to a conversation whose last user message is {@code lastUserMessage} and whose whole
     * content hashes to {@code fingerprint}, cut to about {@code maxTokens} when positive.
     */
    public static Answer answer(String lastUserMessage, String fingerprint, int maxTokens) {
        long hash = fnv1a(fingerprint);
        String topic = topic(lastUserMessage);
        String text = "On \"" + topic + "\": " + pick(OPENINGS, hash) + " " + pick(BODIES, hash >>> 16) + " "
                + pick(CLOSINGS, hash >>> 32);
        boolean cut = false;
        if (maxTokens > 0 && tokens(text) > maxTokens) {
            text = cutToTokens(text, maxTokens);
            cut = true;
        }
        return new Answer(text, tokens(text), cut ? "length" : "stop");
    }

    /** Estimated tokens of {@code text}: one per four characters, at least one for non-empty text. */
    public static int tokens(String text) {
        return text.isEmpty() ? 0 : Math.max(1, (text.length() + 3) / 4);
    }

    /** A 16-hex-digit fingerprint of {@code text}. */
    public static String fingerprintHex(String text) {
        return String.format("%016x", fnv1a(text));
    }

    private static String topic(String message) {
        String[] words = message.strip().split("\\s+");
        String joined = String.join(" ", Arrays.copyOf(words, Math.min(words.length, 8)));
        return words.length > 8 ? joined + "…" : joined;
    }

    private static String cutToTokens(String text, int maxTokens) {
        List<String> kept = new ArrayList<>();
        int length = 0;
        for (String word : text.split(" ")) {
            if ((length + word.length() + 1 + 3) / 4 > maxTokens) {
                break;
            }
            kept.add(word);
            length += word.length() + 1;
        }
        return kept.isEmpty() ? text.substring(0, Math.min(text.length(), maxTokens * 4)) : String.join(" ", kept);
    }

    private static String pick(List<String> options, long hash) {
        return options.get((int) Math.floorMod(hash, (long) options.size()));
    }

    private static long fnv1a(String text) {
        long hash = 0xcbf29ce484222325L;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= 0x100000001b3L;
        }
        return hash;
    }

    /**
     * One generated answer.
     *
     * @param content      the assistant's text
     * @param tokens       its estimated token count
     * @param finishReason {@code stop}, or {@code length} when cut at {@code max_tokens}
     */
    public record Answer(String content, int tokens, String finishReason) {}
}
