package dev.progressivebackoff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * Every class in the shipped CLI jar ({@code target/backoff.jar}, which {@code bin/backoff} runs) loads and
 * links against the jar alone: nothing it ships needs a class it does not ship (as the AssertJ assertions of
 * {@code verification} once did). Runs in the {@code integration-test} phase, after {@code package} built
 * the jar (a second surefire execution in cli/pom.xml; the ordinary {@code test} phase skips it).
 *
 * <p>Each class is loaded without running its static initialiser ({@code Class.forName(name, false, ...)})
 * and its declared methods, fields and constructors are resolved, which surfaces a missing dependency. The
 * loader's parent is the platform loader, so the test's own class path cannot hide one. Our own classes must
 * all load. The libraries' classes may fail only for want of one of their documented optional dependencies
 * ({@link #OPTIONAL_DEPENDENCIES}): code the CLI never reaches.
 */
class ShippedJarIT {

    private static final String OUR_CLASSES = "dev.progressivebackoff.";

    /** Missing packages that are optional dependencies of a shaded library, by the library that names them. */
    private static final Map<String, String> OPTIONAL_DEPENDENCIES = Map.ofEntries(
            Map.entry("kotlin.", "lettuce, reactor (Kotlin coroutines API)"),
            Map.entry("kotlinx.", "lettuce, reactor (Kotlin coroutines API)"),
            Map.entry("io.reactivex.", "lettuce, reactor (RxJava adapters)"),
            Map.entry("rx.", "lettuce (RxJava 1 adapters)"),
            Map.entry("io.micrometer.", "lettuce, reactor (metrics, tracing, context propagation)"),
            Map.entry("brave.", "lettuce (Brave tracing)"),
            Map.entry("zipkin2.", "lettuce (Brave tracing)"),
            Map.entry("org.HdrHistogram.", "lettuce (latency metrics)"),
            Map.entry("org.LatencyUtils.", "lettuce (latency metrics)"),
            Map.entry("org.apache.commons.pool2.", "lettuce (connection pooling)"),
            Map.entry("javax.enterprise.", "lettuce (CDI extension)"),
            Map.entry("reactor.blockhound.", "reactor, netty (BlockHound integration)"),
            Map.entry("io.netty.internal.tcnative.", "netty (native OpenSSL)"),
            Map.entry("io.netty.handler.codec.http.", "lettuce (netty-codec-http, not shipped)"),
            Map.entry("org.conscrypt.", "netty (Conscrypt TLS)"),
            Map.entry("org.bouncycastle.", "netty (PEM and self-signed certificates)"),
            Map.entry("com.aayushatharva.brotli4j.", "netty (Brotli compression)"),
            Map.entry("com.github.luben.", "netty (Zstd compression)"),
            Map.entry("org.apache.commons.compress.", "httpclient5 (extra content codings)"),
            Map.entry("org.apache.commons.logging.", "netty (logging back-ends)"),
            Map.entry("org.apache.log4j.", "netty (logging back-ends)"),
            Map.entry("org.apache.logging.log4j.", "netty (logging back-ends)"),
            Map.entry("sun.misc.", "netty (JDK internals absent from this JDK)"));

    @Test
    void everyClassInTheShippedJarLoads() throws IOException {
        Path jar = Path.of(System.getProperty("backoff.jar", "target/backoff.jar"));
        assertThat(jar).as("the shaded CLI jar, built in the package phase").isRegularFile();

        List<String> failures = new ArrayList<>();
        int ours = 0;
        int checked = 0;
        try (JarFile file = new JarFile(jar.toFile());
                URLClassLoader loader =
                        new URLClassLoader(new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader())) {
            for (Enumeration<JarEntry> entries = file.entries(); entries.hasMoreElements(); ) {
                String className = classNameOf(entries.nextElement().getName());
                if (className == null) {
                    continue;
                }
                checked++;
                if (className.startsWith(OUR_CLASSES)) {
                    ours++;
                }
                String failure = loadAndLink(className, loader);
                if (failure != null) {
                    failures.add(className + ": " + failure);
                }
            }
        }

        assertThat(ours).as("our classes in %s", jar).isPositive();
        assertThat(checked).as("classes in %s", jar).isGreaterThan(ours);
        assertThat(failures).as("classes in %s that cannot load", jar).isEmpty();
    }

    /** The class an entry holds, or null for resources, versioned duplicates and module/package infos. */
    private static String classNameOf(String entry) {
        if (!entry.endsWith(".class")
                || entry.startsWith("META-INF/")
                || entry.endsWith("module-info.class")
                || entry.endsWith("package-info.class")) {
            return null;
        }
        return entry.substring(0, entry.length() - ".class".length()).replace('/', '.');
    }

    /** Null if the class loads and links, or is a library class missing only an optional dependency. */
    private static String loadAndLink(String className, ClassLoader loader) {
        try {
            Class<?> type = Class.forName(className, false, loader);
            type.getDeclaredMethods();
            type.getDeclaredFields();
            type.getDeclaredConstructors();
            return null;
        } catch (NoClassDefFoundError | ClassNotFoundException missing) {
            String missingClass = missingClassOf(missing);
            boolean optional = OPTIONAL_DEPENDENCIES.keySet().stream().anyMatch(missingClass::startsWith);
            return optional && !className.startsWith(OUR_CLASSES) ? null : missing.toString();
        } catch (LinkageError | RuntimeException broken) {
            return broken.toString();
        }
    }

    private static String missingClassOf(Throwable missing) {
        String name = String.valueOf(missing.getMessage()).replace('/', '.');
        while (name.startsWith("[")) {
            name = name.substring(1);
        }
        if (name.startsWith("L") && name.endsWith(";")) {
            name = name.substring(1, name.length() - 1);
        }
        return name;
    }
}
