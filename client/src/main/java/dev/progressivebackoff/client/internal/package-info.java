/**
 * Implementation details of the teacher client: JSON mapping of chat requests, responses and error bodies,
 * settings values and duration text, pacing and tier observation, per-call statistics and the log sink. Not an
 * API; may change without notice.
 */
package dev.progressivebackoff.client.internal;
