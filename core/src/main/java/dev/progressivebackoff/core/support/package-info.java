/**
 * Helpers shared by the toolkit's own modules; not a stable API: they may change or go without notice.
 * {@link dev.progressivebackoff.core.support.ErrorBodies} reads error response bodies (OpenAI, Moonshot and
 * Anthropic shapes) for the transport and {@code backoff explain};
 * {@link dev.progressivebackoff.core.support.TextSnippet} cuts any body down to a short readable excerpt;
 * {@link dev.progressivebackoff.core.support.GoDurations} parses and formats Go {@code time.Duration} strings
 * (the {@code x-ratelimit-reset-*} headers) for the core's parsers and the simulator. Like the rest of the
 * core, they depend on the JDK alone.
 */
package dev.progressivebackoff.core.support;
