/**
 * {@code backoff bench}: the same batch run once per strategy (reactive, paced, the fixed-margin reference)
 * through the real {@code TeacherClient}, against the simulated provider enforcing a strict quota or against an
 * external endpoint ({@code --endpoint}, counted on the client side), in one process or in several worker
 * processes sharing the quota through Redis, and the figures printed as a table or JSON.
 */
package dev.progressivebackoff.cli.internal.bench;
