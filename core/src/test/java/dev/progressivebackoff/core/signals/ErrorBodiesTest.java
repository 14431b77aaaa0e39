package dev.progressivebackoff.core.signals;

import static org.assertj.core.api.Assertions.assertThat;

import dev.progressivebackoff.core.support.JsonTree;
import dev.progressivebackoff.core.support.TextSnippet;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The error-body shapes of OpenAI, Moonshot and Anthropic, and what is kept of anything else. */
class ErrorBodiesTest {

    private static ErrorBody parse(String body) {
        return ErrorBodies.parse(body.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
    }

    @Test
    void readsTheOpenAiShape() {
        assertThat(parse("""
                {"error":{"message":"You exceeded your current quota, please check your plan and billing details.",
                "type":"insufficient_quota","param":null,"code":"insufficient_quota"}}"""))
                .isEqualTo(new ErrorBody(
                        "insufficient_quota",
                        "insufficient_quota",
                        "You exceeded your current quota, please check your plan and billing details."));
    }

    @Test
    void readsTheMoonshotShape() {
        assertThat(parse("{\"error\":{\"message\":\"Your account org-e664<ak-f3t8> request reached organization max "
                        + "RPM: 3, please try again after 1 seconds\",\"type\":\"rate_limit_reached_error\"}}"))
                .isEqualTo(new ErrorBody(
                        "rate_limit_reached_error",
                        null,
                        "Your account org-e664<ak-f3t8> request "
                                + "reached organization max RPM: 3, please try again after 1 seconds"));
    }

    @Test
    void readsTheAnthropicShape() {
        assertThat(parse("{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"Number of "
                        + "request tokens has exceeded your per-minute rate limit\"}}"))
                .isEqualTo(new ErrorBody(
                        "rate_limit_error", null, "Number of request tokens has exceeded your per-minute rate limit"));
    }

    @Test
    void readsANumericCodeAsText() {
        assertThat(parse("{\"error\":{\"message\":\"busy\",\"code\":1302}}"))
                .isEqualTo(new ErrorBody(null, "1302", "busy"));
    }

    @Test
    void readsAStringErrorAndFlatMessages() {
        assertThat(parse("{\"error\":\"Too many requests\"}")).isEqualTo(ErrorBody.ofText("Too many requests"));
        assertThat(parse("{\"message\":\"slow down\",\"code\":\"429\"}"))
                .isEqualTo(new ErrorBody(null, "429", "slow down"));
        assertThat(parse("{\"detail\":\"Not found\"}")).isEqualTo(ErrorBody.ofText("Not found"));
    }

    @Test
    void keepsAnHtmlPageAsShortText() {
        String html = "<!DOCTYPE html>\n<html><head><title>504 Gateway Time-out</title><style>body{}</style></head>"
                + "<body><h1>504 Gateway Time-out</h1><p>The server didn&#39;t respond &amp; timed out.</p>"
                + "</body></html>";

        assertThat(parse(html))
                .isEqualTo(ErrorBody.ofText(
                        "504 Gateway Time-out 504 Gateway Time-out The server didn't respond & timed out."));
    }

    @Test
    void truncatesLongText() {
        ErrorBody body = parse("x".repeat(10_000));

        assertThat(body.message()).hasSize(TextSnippet.MAX_CHARS).endsWith("…");
    }

    @Test
    void anEmptyBodyIsEmptyAndJsonWithoutErrorFieldsIsKeptAsText() {
        assertThat(parse("")).isEqualTo(ErrorBody.EMPTY);
        assertThat(parse("  \n")).isEqualTo(ErrorBody.EMPTY);
        assertThat(parse("{\"unexpected\":true}")).isEqualTo(ErrorBody.ofText("{\"unexpected\":true}"));
        assertThat(parse("[1,2]")).isEqualTo(ErrorBody.ofText("[1,2]"));
        assertThat(parse("{\"error\":")).isEqualTo(ErrorBody.ofText("{\"error\":"));
    }

    @Test
    void readsTextAsTheCommandLineGivesIt() {
        assertThat(ErrorBodies.parse((String) null)).isEqualTo(ErrorBody.EMPTY);
        assertThat(ErrorBodies.parse(" {\"error\":{\"message\":\"slow\",\"type\":\"t\"}} "))
                .isEqualTo(new ErrorBody("t", null, "slow"));
    }

    @Test
    void readsJsonEscapesNumbersAndBooleansAsJacksonsTextWould() {
        assertThat(parse("{\"error\":{\"message\":\"a\\\"b\\\\c\\/d\\n\\u00e9\\uD83D\\uDE00\",\"code\":-0,"
                        + "\"type\":true}}"))
                .isEqualTo(new ErrorBody("true", "0", "a\"b\\c/d\né\uD83D\uDE00"));
        assertThat(parse("{\"message\":1.5,\"code\":1e3,\"type\":123456789012345678901234567890}"))
                .isEqualTo(new ErrorBody("123456789012345678901234567890", "1000.0", "1.5"));
        assertThat(parse("{\"message\":1e999}")).isEqualTo(ErrorBody.ofText("Infinity"));
    }

    @Test
    void aStringRootIsItsTextAndNullsObjectsAndArraysAreNoParts() {
        assertThat(parse("\"Too   many\\nrequests\"")).isEqualTo(ErrorBody.ofText("Too many requests"));
        assertThat(parse("{\"error\":{\"message\":null,\"type\":[],\"code\":{}},\"x\":1}"))
                .isEqualTo(ErrorBody.ofText("{\"error\":{\"message\":null,\"type\":[],\"code\":{}},\"x\":1}"));
    }

    @Test
    void theLastOfDuplicateNamesWinsAndTextAfterTheValueIsIgnored() {
        assertThat(parse("{\"message\":\"first\",\"message\":\"second\"} trailing"))
                .isEqualTo(ErrorBody.ofText("second"));
    }

    @Test
    void malformedJsonIsKeptAsText() {
        for (String bad : new String[] {
            "{\"message\":01}",
            "{\"message\":\"a\\q\"}",
            "{\"message\":\"tab\there\"}",
            "{\"message\":tru}",
            "{\"message\":\"x\",}",
            "{message:\"x\"}",
            "{\"message\":\"\\u12\"}",
            "{\"message\":+1}",
            "{\"message\":.5}",
            "{\"message\":1.}"
        }) {
            assertThat(parse(bad)).as(bad).isEqualTo(ErrorBody.ofText(bad.replace('\t', ' ')));
        }
    }

    @Test
    void nestingDeeperThanTheLimitIsKeptAsText() {
        String deep = "{\"error\":".repeat(JsonTree.MAX_DEPTH + 1) + "1" + "}".repeat(JsonTree.MAX_DEPTH + 1);
        String shallow = "{\"a\":".repeat(JsonTree.MAX_DEPTH - 1) + "1" + "}".repeat(JsonTree.MAX_DEPTH - 1);

        assertThat(parse(deep).message()).startsWith("{\"error\":{").endsWith("…");
        assertThat(JsonTree.read(shallow)).isPresent();
        assertThat(JsonTree.read(deep)).isEmpty();
    }
}
