package dev.progressivebackoff.pacing;

import dev.progressivebackoff.core.ProgressiveBackoffException;

/**
 * A request needs more tokens than the whole per-minute budget holds: no wait can ever admit it, so it fails
 * at once instead of waiting forever.
 */
public final class TokenBudgetExceededException extends ProgressiveBackoffException {
    private static final long serialVersionUID = 1L;

    private final long tokens;
    private final long budget;

    /**
     * The failure of one request.
     *
     * @param tokens the tokens the request was estimated to need
     * @param budget the tokens the whole window admits
     */
    public TokenBudgetExceededException(long tokens, long budget) {
        super("the request needs about " + tokens + " tokens, more than the whole token budget of " + budget
                + " per window: no wait can admit it (shorten the prompt or lower max_tokens)");
        this.tokens = tokens;
        this.budget = budget;
    }

    /** The tokens the request was estimated to need. */
    public long tokens() {
        return tokens;
    }

    /** The tokens the whole window admits. */
    public long budget() {
        return budget;
    }
}
