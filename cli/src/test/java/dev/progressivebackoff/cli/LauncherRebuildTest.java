package dev.progressivebackoff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The committed {@code bin/backoff} launcher, run by bash in a copy of the repository's layout with stand-ins
 * for {@code mvn} and {@code java} on the PATH: it rebuilds the jar exactly when a main source, resource or
 * POM of any module is newer than the jar. (Its staleness check was once a malformed {@code find} whose error
 * was discarded, so the jar was never rebuilt once it existed.)
 */
class LauncherRebuildTest {

    private static final Path LAUNCHER =
            Path.of("..").toAbsolutePath().normalize().resolve("bin/backoff");
    private static final Instant JAR_TIME = Instant.parse("2026-01-01T12:00:00Z");

    @TempDir
    Path root;

    @TempDir
    Path tools;

    private Path jar;

    @BeforeEach
    void layOutARepository() throws IOException {
        Files.createDirectories(root.resolve("bin"));
        Files.copy(LAUNCHER, root.resolve("bin/backoff"));
        jar = Files.createDirectories(root.resolve("cli/target")).resolve("backoff.jar");
        Files.writeString(jar, "jar");
        stampedAt(root.resolve("pom.xml"), JAR_TIME.minusSeconds(60));
        stampedAt(root.resolve("pacer-redis/src/main/java/Pacer.java"), JAR_TIME.minusSeconds(60));
        stampedAt(root.resolve("pacer-redis/src/test/java/PacerTest.java"), JAR_TIME.plusSeconds(60));
        stampedAt(root.resolve("bench/judges/node_modules/x/pom.xml"), JAR_TIME.plusSeconds(60));
        stampedAt(root.resolve("cli/target/classes/Main.class"), JAR_TIME.plusSeconds(60));
        tool("mvn", "echo built >> \"$MARKER\"");
        tool("java", "echo \"ran $*\"");
        Files.setLastModifiedTime(jar, FileTime.from(JAR_TIME));
    }

    @Test
    void aJarNewerThanEverySourceRunsAsItIs() throws Exception {
        // given only tests, Node modules and build output newer than the jar (laid out above)

        // when
        String out = launch("--version");

        // then
        assertThat(out).contains("ran -jar " + jar + " --version");
        assertThat(root.resolve("built.txt")).doesNotExist();
    }

    @Test
    void aMainSourceNewerThanTheJarRebuildsItOnce() throws Exception {
        // given a source file changed after the jar was built
        stampedAt(root.resolve("pacer-redis/src/main/java/RoundTrips.java"), JAR_TIME.plusSeconds(60));

        // when run twice
        launch("bench");
        String second = launch("bench");

        // then built once, before the first run; the second finds the jar fresh
        assertThat(Files.readAllLines(root.resolve("built.txt"))).containsExactly("built");
        assertThat(second).contains("ran -jar " + jar + " bench");
    }

    @Test
    void aChangedModulePomOrResourceRebuildsIt() throws Exception {
        for (String changed : List.of("micrometer/pom.xml", "pacer-redis/src/main/resources/pacer.lua")) {
            // given
            Files.deleteIfExists(root.resolve("built.txt"));
            Files.setLastModifiedTime(jar, FileTime.from(JAR_TIME));
            stampedAt(root.resolve(changed), JAR_TIME.plusSeconds(60));

            // when
            launch("run");

            // then
            assertThat(root.resolve("built.txt")).as(changed).exists();
            Files.setLastModifiedTime(root.resolve(changed), FileTime.from(JAR_TIME.minusSeconds(60)));
        }
    }

    private String launch(String argument) throws Exception {
        ProcessBuilder builder =
                new ProcessBuilder("bash", root.resolve("bin/backoff").toString(), argument).redirectErrorStream(true);
        builder.environment().put("PATH", tools + ":/usr/bin:/bin");
        builder.environment().put("MARKER", root.resolve("built.txt").toString());
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(out).isZero();
        return out;
    }

    private void tool(String name, String body) throws IOException {
        Path script = tools.resolve(name);
        Files.writeString(script, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static void stampedAt(Path file, Instant time) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, "x");
        Files.setLastModifiedTime(file, FileTime.from(time));
    }
}
