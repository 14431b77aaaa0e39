/**
 * The one decision of every wait: given a response's signals, where the request stands and the settings,
 * {@link dev.progressivebackoff.core.decision.WaitDecider} says who retries it (the rate-limit loop for a 429,
 * the transport for a transient status), after what wait and why, or why not. The retry loop, the transport's
 * retries and {@code backoff explain} all ask it, so they cannot disagree.
 */
package dev.progressivebackoff.core.decision;
