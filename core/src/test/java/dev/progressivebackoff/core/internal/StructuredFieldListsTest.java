package dev.progressivebackoff.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.progressivebackoff.core.internal.StructuredFieldLists.Member;
import dev.progressivebackoff.core.internal.StructuredFieldLists.Token;
import java.math.BigDecimal;
import java.util.List;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StructuredFieldListsTest {

    @Test
    void parsesADraft11RateLimitItemWithParameters() {
        List<Member> members =
                StructuredFieldLists.parse("\"default\";r=0;t=50").orElseThrow();

        assertThat(members).hasSize(1);
        assertThat(members.get(0).name()).hasValue("default");
        assertThat(members.get(0).integerParam("r")).hasValue(0L);
        assertThat(members.get(0).integerParam("t")).hasValue(50L);
    }

    @Test
    void parsesSeveralItemsWithParametersInAnyOrder() {
        List<Member> members = StructuredFieldLists.parse(
                        "\"burst\";w=1;q=10, \"day\";qu=\"requests\";q=1000;w=86400,tok;pk=:cHJvamVjdDEyMw==:;q=5;w=60")
                .orElseThrow();

        assertThat(members).extracting(m -> m.name().orElseThrow()).containsExactly("burst", "day", "tok");
        assertThat(members.get(0).integerParam("q")).hasValue(10L);
        assertThat(members.get(0).integerParam("w")).hasValue(1L);
        assertThat(members.get(1).textParam("qu")).hasValue("requests");
        assertThat(members.get(2).value()).isEqualTo(new Token("tok"));
        assertThat(members.get(2).params().get("pk"))
                .isEqualTo(new StructuredFieldLists.ByteSequence("cHJvamVjdDEyMw=="));
    }

    @Test
    void parsesEveryBareItemKindAndInnerLists() {
        List<Member> members = StructuredFieldLists.parse(
                        "1, -2, 3.25, \"a \\\"q\\\" \\\\\", *tok/en:x, ?1, ?0, (1 \"two\" three);p, ();x=?0, 4;flag")
                .orElseThrow();

        assertThat(members)
                .extracting(Member::value)
                .startsWith(1L, -2L, new BigDecimal("3.25"), "a \"q\" \\", new Token("*tok/en:x"), true, false);
        assertThat(members.get(7).value())
                .asInstanceOf(InstanceOfAssertFactories.LIST)
                .hasSize(3);
        assertThat(members.get(7).params()).containsEntry("p", true);
        assertThat(members.get(8).value())
                .asInstanceOf(InstanceOfAssertFactories.LIST)
                .isEmpty();
        assertThat(members.get(9).params()).containsEntry("flag", true);
    }

    @Test
    void laterDuplicateParametersOverwriteEarlierOnes() {
        Member member =
                StructuredFieldLists.parse("\"x\";t=1;t=9").orElseThrow().get(0);

        assertThat(member.integerParam("t")).hasValue(9L);
    }

    @Test
    void anEmptyFieldIsAnEmptyList() {
        assertThat(StructuredFieldLists.parse("  ")).hasValue(List.of());
    }

    @ParameterizedTest(name = "[{0}] fails the whole field")
    @ValueSource(
            strings = {
                "\"default\";r=0;t=50,",
                ",1",
                "1,,2",
                "\"unterminated",
                "\"bad\\escape\"",
                "\"x\";R=0",
                "\"x\";r=",
                "1234567890123456",
                "1234567890123.5",
                "1.2345",
                "1.",
                "-",
                "?2",
                ":not*b64:",
                "(1 2",
                "(1,2)",
                "\"x\" junk",
                "\"tab\tin\"",
                "\"\u00e9\"",
                "@123",
                "%\"display\""
            })
    void rejectsInvalidLists(String value) {
        assertThat(StructuredFieldLists.parse(value)).isEmpty();
    }

    @Test
    void joinsLinesButKeepsTheValidOnesWhenTheJoinFails() {
        assertThat(StructuredFieldLists.parseLines(List.of("\"a\";r=1", "\"b\";r=0")))
                .extracting(m -> m.name().orElseThrow())
                .containsExactly("a", "b");
        assertThat(StructuredFieldLists.parseLines(List.of("\"a\";r=1", "garbage\"", "\"b\";r=0")))
                .extracting(m -> m.name().orElseThrow())
                .containsExactly("a", "b");
    }
}
