package dev.progressivebackoff.cli.archfixture.lower;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Date;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** Reads time and sleeps behind the time seams' back, in every way the rule forbids. */
public final class ReadsTheClock {

    public void sleeps() throws InterruptedException {
        Thread.sleep(10);
    }

    public void sleepsByTimeUnit() throws InterruptedException {
        TimeUnit.MILLISECONDS.sleep(10);
    }

    public Instant instantNow() {
        return Instant.now();
    }

    public Supplier<Instant> instantNowByReference() {
        return Instant::now;
    }

    public long millis() {
        return System.currentTimeMillis();
    }

    public long nanos() {
        return System.nanoTime();
    }

    public LocalDateTime localNow() {
        return LocalDateTime.now();
    }

    public Clock systemClock() {
        return Clock.systemUTC();
    }

    public Date today() {
        return new Date();
    }
}
