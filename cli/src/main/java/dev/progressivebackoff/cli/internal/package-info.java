/**
 * The command line's machinery: help text, converters, JSON and file helpers, API-key loading and the
 * pieces the subcommands share.
 */
package dev.progressivebackoff.cli.internal;
