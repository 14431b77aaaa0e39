/**
 * Implementation details of the core module: header-value parsers, the service registry, and the
 * retry loop's per-execution state. Not API; may change without notice.
 */
package dev.progressivebackoff.core.internal;
