package dev.progressivebackoff.client.internal;

import java.util.OptionalInt;

/**
 * Estimates the tokens a chat request will use before it is sent, learning from the {@code usage} of earlier
 * responses. The prompt: its characters divided by the characters per token learnt (a conservative 3 until a
 * response says otherwise; English text averages about 4), plus a few tokens per message for the chat
 * framing. The completion: {@code max_tokens} when given, else the longest completion seen lately (a decaying
 * maximum, plus a quarter: a batch of similar prompts gets similar answers), 256 before any. An estimate only has to be close:
 * the pacer settles each reservation to the usage. Thread-safe.
 */
public final class TokenEstimator {

    /** Characters per token assumed before any usage is seen. */
    public static final double DEFAULT_CHARS_PER_TOKEN = 3.0;
    /** Completion tokens assumed before any usage is seen, when the request has no {@code max_tokens}. */
    public static final long DEFAULT_COMPLETION_TOKENS = 256;
    /** Tokens of chat framing per message (role, separators). */
    static final int PER_MESSAGE = 4;

    private double charsPerToken = DEFAULT_CHARS_PER_TOKEN;
    private double typicalCompletion = DEFAULT_COMPLETION_TOKENS;
    private boolean learnt;

    /** The estimate for a prompt of {@code promptChars} characters in {@code messages} messages. */
    public synchronized long estimate(long promptChars, int messages, OptionalInt maxTokens) {
        long prompt = (long) Math.ceil(promptChars / charsPerToken) + (long) PER_MESSAGE * messages;
        // a quarter above the longest recent answer: the next one may be longer, and an under-estimate meets a 429
        long completion = maxTokens.isPresent()
                ? maxTokens.getAsInt()
                : (long) Math.ceil(typicalCompletion + typicalCompletion / 4);
        return prompt + completion;
    }

    /**
     * Learns from a response's usage. The characters per token move a quarter of the way to what this response
     * shows (never above what it shows by more than that: the estimate stays on the safe side); the typical
     * completion is the larger of this one and the previous one decayed by 1/16.
     */
    public synchronized void learn(long promptChars, int messages, long promptTokens, long completionTokens) {
        long textTokens = promptTokens - (long) PER_MESSAGE * messages;
        if (promptChars > 0 && textTokens > 0) {
            double seen = (double) promptChars / textTokens;
            charsPerToken = learnt ? Math.min(seen, charsPerToken + (seen - charsPerToken) / 4) : seen;
        }
        if (completionTokens > 0) {
            typicalCompletion =
                    learnt ? Math.max(completionTokens, typicalCompletion - typicalCompletion / 16) : completionTokens;
        }
        learnt = true;
    }

    /** The characters per token used now. */
    public synchronized double charsPerToken() {
        return charsPerToken;
    }
}
