package dev.progressivebackoff.core.retry;

import dev.progressivebackoff.core.signals.RateLimitSignals;
import dev.progressivebackoff.core.signals.ResponseKind;
import java.util.ArrayList;
import java.util.List;

/** Answers with scripted signals in turn, repeating the last; a success carries the value "done #n". */
final class ScriptedExchange implements RateLimitedExchange<String, RuntimeException> {

    private final List<RateLimitSignals> script;
    private final List<Integer> attempts = new ArrayList<>();

    private ScriptedExchange(List<RateLimitSignals> script) {
        this.script = List.copyOf(script);
    }

    static ScriptedExchange answering(RateLimitSignals... responses) {
        return new ScriptedExchange(List.of(responses));
    }

    @Override
    public ExchangeResult<String> send(int attempt) {
        attempts.add(attempt);
        RateLimitSignals signals = script.get(Math.min(attempts.size(), script.size()) - 1);
        return signals.classification().kind() == ResponseKind.SUCCESS
                ? new ExchangeResult<>(signals, "done #" + attempt)
                : ExchangeResult.withoutValue(signals);
    }

    /** The attempt numbers the loop sent with, in order. */
    List<Integer> attempts() {
        return List.copyOf(attempts);
    }
}
