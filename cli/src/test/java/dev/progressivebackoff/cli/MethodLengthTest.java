package dev.progressivebackoff.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.sun.source.tree.AnnotationTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.LineMap;
import com.sun.source.tree.MethodTree;
import com.sun.source.util.JavacTask;
import com.sun.source.util.SourcePositions;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * No method or constructor in the main code of any module ({@code * /src/main/java/**.java} of the repository)
 * is longer than {@value #MAX_LINES} lines. A method's length counts every line from its signature (after
 * its annotations, not its Javadoc) to its closing brace, blank and comment lines included, and includes
 * lambdas and local or anonymous classes inside it. The sources are parsed with the JDK's own parser.
 * Methods named in {@code method-length-allowed.txt} ({@code Class.method}, one a line) are let through
 * while being rewritten elsewhere; an entry that is no longer too long fails, so the list only shrinks.
 */
class MethodLengthTest {

    private static final int MAX_LINES = 50;
    private static final String ALLOWED = "method-length-allowed.txt";

    /** One method: where it starts and how many lines it has. */
    record Method(Path file, String name, int line, int lines) {}

    @Test
    void noMainMethodIsLongerThanTheLimit() throws IOException {
        Path root = repositoryRoot();
        List<Method> methods = methodsOf(mainSources(root));
        Set<String> allowed = allowed();

        List<Method> tooLong =
                methods.stream().filter(m -> m.lines() > MAX_LINES).toList();
        Set<String> tooLongNames = tooLong.stream().map(Method::name).collect(Collectors.toSet());

        assertThat(tooLong.stream()
                        .filter(m -> !allowed.contains(m.name()))
                        .map(m -> root.relativize(m.file()) + ":" + m.line() + " " + m.name() + " is " + m.lines()
                                + " lines"))
                .as("methods over %d lines: extract well-named steps", MAX_LINES)
                .isEmpty();
        assertThat(allowed.stream().filter(name -> !tooLongNames.contains(name)))
                .as("entries of %s that are no longer too long: remove them", ALLOWED)
                .isEmpty();
    }

    @Test
    void theScanSeesEveryModuleAndMeasuresFromSignatureToClosingBrace() throws IOException {
        Path root = repositoryRoot();
        List<Method> methods = methodsOf(mainSources(root));

        assertThat(methods.stream()
                        .map(m -> root.relativize(m.file()).getName(0).toString())
                        .distinct())
                .contains(
                        "core",
                        "backoff",
                        "pacing",
                        "pacer-redis",
                        "transport-httpclient5",
                        "simulator",
                        "verification",
                        "cli",
                        "benchmarks");
        Method subcommand = methods.stream()
                .filter(m -> m.name().equals("Subcommand.helpRequested"))
                .findFirst()
                .orElseThrow();
        assertThat(subcommand.lines()).isEqualTo(3);
        assertThat(methods.stream()
                        .filter(m -> m.name().equals("Main.main"))
                        .findFirst()
                        .orElseThrow()
                        .lines())
                .isGreaterThan(10);
    }

    @Test
    void measuresAnnotatedMethodsConstructorsAndNestedClasses() throws IOException {
        Path source = Files.createTempFile("Sample", ".java");
        try {
            Files.writeString(source, """
                    class Sample {
                        /** Javadoc is not counted. */
                        @Override
                        @SuppressWarnings("unused")
                        public String toString() {

                            // a comment counts
                            return "x";
                        }

                        Sample(int a,
                               int b) {
                        }

                        Runnable inner() {
                            return new Runnable() {
                                public void run() {
                                }
                            };
                        }

                        abstract void noBody();
                    }
                    """);
            List<Method> methods = methodsOf(List.of(source));

            assertThat(methods)
                    .extracting(Method::name, Method::lines)
                    .containsExactly(
                            tuple("Sample.toString", 5),
                            tuple("Sample.<init>", 3),
                            tuple("Sample.inner", 6),
                            tuple("Sample.run", 2));
        } finally {
            Files.delete(source);
        }
    }

    /** The directory holding the parent pom: the tests run in the cli module's directory. */
    private static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("cli/src/main/java"))) {
            dir = dir.getParent();
        }
        assertThat(dir).as("the repository root above the working directory").isNotNull();
        return dir;
    }

    private static List<Path> mainSources(Path root) throws IOException {
        List<Path> sources = new ArrayList<>();
        try (Stream<Path> modules = Files.list(root)) {
            for (Path main : modules.map(m -> m.resolve("src/main/java"))
                    .filter(Files::isDirectory)
                    .toList()) {
                try (Stream<Path> files = Files.walk(main)) {
                    files.filter(f -> f.toString().endsWith(".java")).sorted().forEach(sources::add);
                }
            }
        }
        return sources;
    }

    private static Set<String> allowed() throws IOException {
        try (var in = MethodLengthTest.class.getResourceAsStream(ALLOWED)) {
            if (in == null) {
                return Set.of();
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .map(String::strip)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }

    private static List<Method> methodsOf(List<Path> sources) throws IOException {
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        try (StandardJavaFileManager files = compiler.getStandardFileManager(null, null, StandardCharsets.UTF_8)) {
            Iterable<? extends JavaFileObject> units = files.getJavaFileObjectsFromPaths(sources);
            JavacTask task = (JavacTask) compiler.getTask(null, files, null, List.of("-proc:none"), null, units);
            SourcePositions positions = Trees.instance(task).getSourcePositions();
            List<Method> methods = new ArrayList<>();
            for (CompilationUnitTree unit : task.parse()) {
                new MethodScanner(unit, positions, methods).scan(unit, null);
            }
            return methods;
        }
    }

    /** Collects the methods with a body, named {@code Class.method} after their innermost named class. */
    private static final class MethodScanner extends TreePathScanner<Void, Void> {
        private final CompilationUnitTree unit;
        private final SourcePositions positions;
        private final List<Method> methods;
        private final Deque<String> classes = new ArrayDeque<>();
        private final String text;

        MethodScanner(CompilationUnitTree unit, SourcePositions positions, List<Method> methods) {
            this.unit = unit;
            this.positions = positions;
            this.methods = methods;
            try {
                this.text = unit.getSourceFile().getCharContent(true).toString();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public Void visitClass(ClassTree tree, Void unused) {
            boolean named = !tree.getSimpleName().isEmpty();
            if (named) {
                classes.push(tree.getSimpleName().toString());
            }
            super.visitClass(tree, unused);
            if (named) {
                classes.pop();
            }
            return null;
        }

        @Override
        public Void visitMethod(MethodTree tree, Void unused) {
            if (tree.getBody() != null) {
                LineMap lines = unit.getLineMap();
                long first = lines.getLineNumber(signatureStart(tree));
                long last = lines.getLineNumber(positions.getEndPosition(unit, tree));
                methods.add(new Method(
                        Path.of(unit.getSourceFile().toUri()), classes.peek() + "." + tree.getName(), (int) first, (int)
                                (last - first + 1)));
            }
            return super.visitMethod(tree, unused);
        }

        /** Where the signature starts: the method's start, or the first character after its last annotation. */
        private long signatureStart(MethodTree tree) {
            List<? extends AnnotationTree> annotations = tree.getModifiers().getAnnotations();
            if (annotations.isEmpty()) {
                return positions.getStartPosition(unit, tree);
            }
            int at = (int) positions.getEndPosition(unit, annotations.get(annotations.size() - 1));
            while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
                at++;
            }
            return at;
        }
    }
}
