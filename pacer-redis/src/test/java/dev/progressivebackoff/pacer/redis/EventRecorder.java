package dev.progressivebackoff.pacer.redis;

import java.util.ArrayList;
import java.util.List;

/** Records coordination events. Thread-safe. */
final class EventRecorder implements CoordinationListener {

    private final List<CoordinationEvent> events = new ArrayList<>();

    @Override
    public synchronized void onEvent(CoordinationEvent event) {
        events.add(event);
    }

    synchronized List<CoordinationEvent> events() {
        return List.copyOf(events);
    }
}
