/**
 * The OpenAI-compatible chat client: {@link dev.progressivebackoff.client.TeacherClient} runs each call in the
 * core rate-limit loop (tier-aware backoff on 429, server hints obeyed), paced per rate-limit key, over the
 * {@link dev.progressivebackoff.transport.httpclient5.HttpClient5Transport} (whose own retries cover I/O failures
 * and 5xx, never 429). Settings and tier catalogs load from JSON here. Logs through SLF4J; the API key never
 * appears in logs, messages or {@code toString}.
 */
package dev.progressivebackoff.client;
