/**
 * Helpers shared by the toolkit's own modules; not a stable API: they may change or go without notice (the
 * error-body parser, meant for users too, is {@link dev.progressivebackoff.core.signals.ErrorBodies}).
 * {@link dev.progressivebackoff.core.support.TextSnippet} cuts any body down to a short readable excerpt;
 * {@link dev.progressivebackoff.core.support.GoDurations} parses and formats Go {@code time.Duration} strings
 * (the {@code x-ratelimit-reset-*} headers) for the core's parsers and the simulator. Like the rest of the
 * core, they depend on the JDK alone.
 */
package dev.progressivebackoff.core.support;
