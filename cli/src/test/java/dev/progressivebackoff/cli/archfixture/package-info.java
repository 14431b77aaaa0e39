/**
 * Deliberately bad classes for {@link dev.progressivebackoff.cli.ArchitectureTest}: each one breaks one
 * architecture rule, so the test can prove every rule detects what it forbids. Two fake "modules",
 * {@code lower} (like core) and {@code upper} (like cli). Test code only; never imported as main code.
 */
package dev.progressivebackoff.cli.archfixture;
