/**
 * Verification as a product: the {@link dev.progressivebackoff.verification.SimulatedClock} replaces real
 * waiting with virtual time, {@link dev.progressivebackoff.verification.DocumentedSchedule} holds the
 * documented schedules as data, {@link dev.progressivebackoff.verification.ScheduleReplay} runs the real
 * rate-limit retry loop against scripted responses on that clock and returns a
 * {@link dev.progressivebackoff.verification.ReplayTrace}, and
 * {@link dev.progressivebackoff.verification.VerificationAssertions} checks traces with AssertJ. Users verify
 * their own policies and settings with the same harness the project uses.
 */
package dev.progressivebackoff.verification;
