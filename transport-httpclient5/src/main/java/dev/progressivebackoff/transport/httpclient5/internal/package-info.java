/**
 * Implementation details of the HttpClient5 transport: the Failsafe retry policy, bounded body reading, the
 * plain-http check and the send observer. Not an API; may change without notice.
 */
package dev.progressivebackoff.transport.httpclient5.internal;
