/**
 * Implementation details of the HttpClient5 transport and the teacher client: the Failsafe retry policy,
 * bounded body reading, JSON mapping of chat requests, responses and error bodies, duration text, and the
 * log sink. Not an API; may change without notice.
 */
package dev.progressivebackoff.transport.httpclient5.internal;
