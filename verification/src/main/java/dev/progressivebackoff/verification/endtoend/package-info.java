/**
 * End-to-end replay: the real {@link dev.progressivebackoff.client.TeacherClient} over the real
 * HttpClient5 transport, against a real local server that always answers 429
 * ({@link dev.progressivebackoff.verification.endtoend.AlwaysRateLimitedServer}), on a
 * {@link dev.progressivebackoff.verification.SimulatedClock}. The
 * {@link dev.progressivebackoff.verification.endtoend.EndToEndReport} says which waits happened, how many
 * requests the server really received, and which lines were logged: the documented behaviour, measured.
 */
package dev.progressivebackoff.verification.endtoend;
