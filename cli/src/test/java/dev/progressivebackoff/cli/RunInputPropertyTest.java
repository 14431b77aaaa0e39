package dev.progressivebackoff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.progressivebackoff.cli.internal.batch.SampleReader;
import dev.progressivebackoff.simulator.SimulatedProvider;
import dev.progressivebackoff.testsupport.ProviderFixture;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15, property-style: for generated input files mixing well-formed lines with glued objects, CR-only
 * line ends, a BOM, blank, CRLF, id-less, duplicate and non-UTF-8 lines, every run either exits 2 naming a line of
 * the input, or ends with every sample of the input exactly once in the output or the failures file. Seeded,
 * so a failure repeats.
 */
class RunInputPropertyTest {

    private static final Map<String, String> ENV = Map.of("MOONSHOT_API_KEY", "sk-property-test-0123456789");
    private static final Pattern NAMED_LINE = Pattern.compile("in\\.jsonl:(\\d+):");
    private static final int CASES = 40;

    @TempDir
    Path dir;

    @RegisterExtension
    final ProviderFixture providers = new ProviderFixture();

    @Test
    void everySampleEndsExactlyOnceOrTheRunNamesTheBadLine() throws IOException {
        SimulatedProvider provider =
                providers.start(SimulatedProvider.builder().withRpm(600_000).withMaxConcurrency(64));
        Random random = new Random(15);
        for (int run = 0; run < CASES; run++) {
            Path caseDir = Files.createDirectory(dir.resolve("case" + run));
            Generated input = generate(random, run);
            Files.write(caseDir.resolve("in.jsonl"), input.bytes());

            CliHarness.Result result = new CliHarness(ENV, caseDir)
                    .run(
                            "run",
                            "--input",
                            "in.jsonl",
                            "--output",
                            "out.jsonl",
                            "--endpoint",
                            provider.baseUri().toString(),
                            "--tier",
                            "tier1",
                            "--skip-health-check");

            String what = "case " + run + ": " + result.err();
            if (result.exitCode() == 2) {
                Matcher named = NAMED_LINE.matcher(result.err());
                assertThat(named.find()).as(what).isTrue();
                assertThat(Integer.parseInt(named.group(1))).as(what).isBetween(1, input.lines());
                assertThat(input.broken()).as(what).isTrue();
                assertThat(caseDir.resolve("out.jsonl")).as(what).doesNotExist();
            } else {
                assertThat(result.exitCode()).as(what).isZero();
                assertThat(input.broken()).as(what).isFalse();
                assertThat(recordedIds(caseDir))
                        .as(what)
                        .hasSameElementsAs(input.ids())
                        .hasSize(input.ids().size());
            }
        }
    }

    private static List<String> recordedIds(Path caseDir) throws IOException {
        List<String> ids = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        for (Path file : List.of(caseDir.resolve("out.jsonl"), caseDir.resolve("out.jsonl.failed.jsonl"))) {
            if (Files.exists(file)) {
                for (String line : Files.readAllLines(file)) {
                    JsonNode node = json.readTree(line);
                    ids.add(node.get("id").asText());
                }
            }
        }
        return ids;
    }

    /** An input file, the ids of its samples (explicit ids only), and whether a line of it is broken. */
    private record Generated(byte[] bytes, int lines, Set<String> ids, boolean broken) {}

    private static Generated generate(Random random, int run) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Set<String> ids = new HashSet<>();
        boolean broken = false;
        int lines = 0;
        if (random.nextInt(4) == 0) {
            bytes.writeBytes(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
        }
        int count = 1 + random.nextInt(8);
        for (int i = 0; i < count; i++) {
            String id = "r" + run + "-" + i;
            String object = "{\"id\":\"" + id + "\",\"prompt\":\"Question " + i + "\"}";
            int kind = random.nextInt(12);
            lines++;
            switch (kind) {
                case 0 -> { // glued: two objects on one line
                    write(bytes, object + "{\"id\":\"" + id + "-glued\",\"prompt\":\"x\"}\n");
                    broken = true;
                }
                case 1 -> { // a CR-only line end between two objects
                    write(bytes, object + "\r{\"id\":\"" + id + "-cr\",\"prompt\":\"x\"}\n");
                    broken = true;
                }
                case 2 -> { // a blank line, then the object
                    write(bytes, "  \n" + object + "\n");
                    lines++;
                    ids.add(id);
                }
                case 3 -> { // a duplicate of an explicit id
                    write(bytes, object + "\n" + object + "\n");
                    lines++;
                    broken = true;
                }
                case 4 -> { // not UTF-8
                    bytes.writeBytes(("{\"id\":\"" + id + "\",\"prompt\":\"").getBytes(StandardCharsets.UTF_8));
                    bytes.writeBytes(new byte[] {(byte) 0xC3, (byte) 0x28});
                    write(bytes, "\"}\n");
                    broken = true;
                }
                case 6 -> { // no id: its id is the digest of its content
                    String idLess = "{\"prompt\":\"Question " + run + "-" + i + " without an id\"}";
                    write(bytes, idLess + "\n");
                    ids.add(contentId(idLess));
                }
                case 5 -> { // CRLF line end
                    write(bytes, object + "\r\n");
                    ids.add(id);
                }
                default -> {
                    write(bytes, object + "\n");
                    ids.add(id);
                }
            }
        }
        return new Generated(bytes.toByteArray(), lines, ids, broken);
    }

    private static String contentId(String line) {
        try {
            return SampleReader.contentId(new ObjectMapper().readTree(line));
        } catch (IOException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    private static void write(ByteArrayOutputStream bytes, String text) {
        bytes.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    }
}
