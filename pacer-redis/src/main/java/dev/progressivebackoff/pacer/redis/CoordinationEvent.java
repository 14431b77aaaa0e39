package dev.progressivebackoff.pacer.redis;

import java.time.Duration;
import java.util.Objects;

/**
 * A change in whether the pacers of one {@link RedisPacers} are coordinated through Redis. Reported once
 * per change, not once per request, to the {@link CoordinationListener}.
 */
public sealed interface CoordinationEvent {

    /** The Redis server, as {@code redis://host:port/db} without credentials. */
    String target();

    /** A one-line warning or notice for people, e.g. to print on stderr. Never contains an API key. */
    String message();

    /**
     * Redis could not be reached or failed.
     *
     * @param target        the server, without credentials
     * @param reason        what failed, e.g. {@code Connection refused}
     * @param mode          what the pacers do meanwhile
     * @param workers       the expected number of workers; in {@link RedisFailureMode#FALLBACK_LOCAL} each
     *                      process paces at 1/workers of the quota
     * @param probeInterval how often Redis is tried again
     */
    record Lost(String target, String reason, RedisFailureMode mode, int workers, Duration probeInterval)
            implements CoordinationEvent {

        public Lost {
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(mode, "mode");
            Objects.requireNonNull(probeInterval, "probeInterval");
            if (workers < 1) {
                throw new IllegalArgumentException("workers must be positive: " + workers);
            }
        }

        @Override
        public String message() {
            String then = mode == RedisFailureMode.STOP
                    ? "no request starts until it answers (failure mode STOP)"
                    : "pacing locally at 1/" + workers + " of each key's quota until it answers, tried again every "
                            + probeInterval.toMillis() + " ms (failure mode FALLBACK_LOCAL)";
            return "WARNING: Redis at " + target + " is unavailable (" + reason + "): the shared pacing is off; "
                    + then;
        }
    }

    /**
     * Redis answers again: the pacers share its schedule again.
     *
     * @param target the server, without credentials
     * @param outage how long it was unavailable, as measured by this process
     */
    record Resumed(String target, Duration outage) implements CoordinationEvent {

        public Resumed {
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(outage, "outage");
        }

        @Override
        public String message() {
            return "Redis at " + target + " answers again after " + outage.toMillis() + " ms: shared pacing resumed";
        }
    }
}
