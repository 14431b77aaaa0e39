package dev.progressivebackoff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@code ```java} block of the README compiles against the libraries, as a user would paste it. A block
 * that declares a top-level type is a source file of its own (named after that type); any other block becomes
 * the body of a method. Each gets the imports of every public package of the libraries and a few of the JDK's,
 * and all blocks compile together, so that one may use a type another declares.
 */
class ReadmeSnippetsTest {

    private static final Pattern JAVA_BLOCK = Pattern.compile("(?m)^```java\\n(.*?)^```$", Pattern.DOTALL);
    private static final Pattern TOP_LEVEL_TYPE =
            Pattern.compile("(?m)^(?:public )?(?:final )?(?:class|record|interface|enum) (\\w+)");
    private static final List<String> IMPORTED = List.of(
            "dev.progressivebackoff.core",
            "dev.progressivebackoff.core.policy",
            "dev.progressivebackoff.core.retry",
            "dev.progressivebackoff.core.signals",
            "dev.progressivebackoff.backoff",
            "dev.progressivebackoff.pacing",
            "dev.progressivebackoff.pacer.redis",
            "dev.progressivebackoff.transport.httpclient5",
            "dev.progressivebackoff.client",
            "dev.progressivebackoff.micrometer",
            "dev.progressivebackoff.simulator",
            "dev.progressivebackoff.verification",
            "com.fasterxml.jackson.databind",
            "io.micrometer.core.instrument",
            "io.micrometer.core.instrument.simple",
            "org.apache.hc.client5.http.impl.classic",
            "dev.progressivebackoff.openai",
            "dev.progressivebackoff.langchain4j",
            "com.openai.client",
            "com.openai.models.chat.completions",
            "dev.langchain4j.model.chat",
            "dev.langchain4j.model.openai",
            "java.net",
            "java.nio.file",
            "java.time",
            "java.util",
            "java.util.concurrent");

    @Test
    void everyJavaSnippetOfTheReadmeCompiles(@TempDir Path work) throws IOException {
        // given
        List<String> snippets = snippets(Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8));
        List<Path> sources = new ArrayList<>();
        for (int i = 0; i < snippets.size(); i++) {
            sources.add(sourceFile(work, i + 1, snippets.get(i)));
        }

        // when
        StringWriter errors = new StringWriter();
        boolean compiled = compile(sources, work.resolve("classes"), errors);

        // then
        assertThat(snippets).hasSizeGreaterThanOrEqualTo(8);
        assertThat(compiled).as("the README's snippets compile:%n%s", errors).isTrue();
    }

    @Test
    void aSnippetThatDoesNotCompileIsCaught(@TempDir Path work) throws IOException {
        Path broken = sourceFile(work, 1, "TeacherClient client = TeacherClient.builder().withNoSuchKnob().build();");

        StringWriter errors = new StringWriter();

        assertThat(compile(List.of(broken), work.resolve("classes"), errors)).isFalse();
        assertThat(errors.toString()).contains("withNoSuchKnob");
    }

    private static List<String> snippets(String readme) {
        List<String> found = new ArrayList<>();
        Matcher block = JAVA_BLOCK.matcher(readme);
        while (block.find()) {
            found.add(block.group(1));
        }
        return found;
    }

    private static Path sourceFile(Path work, int number, String snippet) throws IOException {
        String imports = IMPORTED.stream().map(p -> "import " + p + ".*;").collect(Collectors.joining("\n"));
        Matcher type = TOP_LEVEL_TYPE.matcher(snippet);
        String name = type.find() ? type.group(1) : "ReadmeSnippet" + number;
        String body = type.reset().find()
                ? snippet
                : "final class " + name + " {\n    void run() throws Exception {\n" + snippet + "\n    }\n}\n";
        Path file = work.resolve("src").resolve(name + ".java");
        Files.createDirectories(file.getParent());
        Files.writeString(file, imports + "\n\n" + body, StandardCharsets.UTF_8);
        return file;
    }

    private static boolean compile(List<Path> sources, Path classes, StringWriter errors) throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        Files.createDirectories(classes);
        // surefire runs the tests from a manifest-only jar: the real class path is in this property
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        try (StandardJavaFileManager files = javac.getStandardFileManager(null, null, StandardCharsets.UTF_8)) {
            Iterable<? extends JavaFileObject> units = files.getJavaFileObjectsFromFiles(
                    sources.stream().map(Path::toFile).toList());
            List<String> options =
                    List.of("--release", "17", "-proc:none", "-d", classes.toString(), "-classpath", classPath);
            return javac.getTask(errors, files, null, options, null, units).call();
        }
    }
}
