package dev.progressivebackoff.cli;

import com.beust.jcommander.Parameter;
import com.beust.jcommander.Parameters;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.progressivebackoff.cli.internal.Formats;
import dev.progressivebackoff.cli.internal.VerificationSuite;
import dev.progressivebackoff.cli.internal.VerifyRow;
import java.io.PrintStream;
import java.util.List;
import java.util.Set;

/** {@code backoff verify}: the documented behaviour, replayed and measured, as a status table. */
@Parameters(
        commandNames = "verify",
        commandDescription = "Replay the documented behaviour through the real "
                + "client against a local server on the simulated clock")
public final class VerifyCommand extends Subcommand {

    @Parameter(names = "--format", description = "table or json", order = 1)
    private String format = "table";

    @Override
    public String name() {
        return "verify";
    }

    @Override
    public int run(CliContext context, Set<String> assigned) throws Exception {
        String output = Formats.oneOf("--format", format, "table", "json");
        List<VerifyRow> rows = new VerificationSuite().run();
        boolean passed = rows.stream().allMatch(VerifyRow::passed);
        if (output.equals("json")) {
            ObjectMapper json = new ObjectMapper();
            ObjectNode root = json.createObjectNode();
            root.put("passed", passed);
            ArrayNode array = root.putArray("rows");
            for (VerifyRow row : rows) {
                array.addObject()
                        .put("component", row.component())
                        .put("status", row.passed() ? "pass" : "fail")
                        .put("notes", row.notes());
            }
            context.out().println(json.writeValueAsString(root));
        } else {
            table(context.out(), rows, passed);
        }
        return passed ? OK : FAILED;
    }

    private static void table(PrintStream out, List<VerifyRow> rows, boolean passed) {
        out.println("| Component | Status | Notes |");
        out.println("|-----------|--------|-------|");
        for (VerifyRow row : rows) {
            out.println("| **" + row.component() + "** | " + (row.passed() ? "✅ pass" : "❌ FAIL") + " | " + row.notes()
                    + " |");
        }
        out.println();
        out.println(
                passed
                        ? "✅ Progressive backoff is working as documented."
                        : "❌ " + rows.stream().filter(r -> !r.passed()).count() + " check(s) failed.");
    }
}
