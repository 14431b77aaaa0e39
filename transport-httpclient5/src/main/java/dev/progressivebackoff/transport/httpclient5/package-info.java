/**
 * The HTTP side of the toolkit: {@link dev.progressivebackoff.transport.httpclient5.HttpClient5Transport}
 * sends requests on Apache HttpClient5's classic client with HttpClient's own retries switched off, and
 * retries I/O failures and 500/502/503/504 itself (decided by a Failsafe policy, waited through the
 * toolkit's {@link dev.progressivebackoff.core.Sleeper}); 429 is never among them, because rate limits
 * belong to the core rate-limit loop alone (the chat client, module {@code client}, runs it). Logs through
 * SLF4J; the API key ({@link dev.progressivebackoff.transport.httpclient5.ApiKey}) never appears in logs,
 * messages or {@code toString}.
 */
package dev.progressivebackoff.transport.httpclient5;
