package io.flows.dsl.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.junit.jupiter.api.Test;

class ParserMessagesTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void jacksonsAdviceToProgrammersIsLeftOutAndTheProblemKept() {
        assertThat(plainError("{\"a\": NaN}")).startsWith("Non-standard token 'NaN'").doesNotContain("enable");
        assertThat(plainError("{\"a\": 1 // note\n}"))
                .isEqualTo("Unexpected character ('/' (code 47)): maybe a (non-standard) comment?");
        assertThat(plainError("{\"a\": \"tab\there\"}"))
                .startsWith("Illegal unquoted character ((CTRL-CHAR, code 9))").doesNotContain("Feature");
        assertThat(plainError("{\"a\": 01}")).isEqualTo("Invalid numeric value: Leading zeroes not allowed");
    }

    @Test
    void anUnclosedArrayOrObjectSaysWhereItOpenedWithoutTheParsersSourceNotes() {
        assertThat(plainError("{\"id\": \"x\", \"steps\": [")).contains("(opened at line 1, column 22)")
                .doesNotContain("Source").doesNotContain("REDACTED").doesNotContain("StreamReadFeature");
        assertThat(plainError("{\"a\":\n  {\"b\": 1")).contains("(opened at line 2, column 3)");
    }

    @Test
    void aConstraintKeepsItsNumbersWithoutTheSettingsName() {
        JsonMapper shallow = JsonMapper.builder().build();
        shallow.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(2).build());
        String m = plain(() -> shallow.readTree("[[[1]]]"));
        assertThat(m).contains("(2)").doesNotContain("StreamReadConstraints").doesNotContain("`");
    }

    private static String plainError(String json) {
        return plain(() -> JSON.readTree(json));
    }

    private static String plain(Parse parse) {
        try {
            parse.run();
        } catch (JsonProcessingException e) {
            return ParserMessages.plain(e.getOriginalMessage());
        }
        throw new AssertionError("parsed without an error");
    }

    private interface Parse {
        void run() throws JsonProcessingException;
    }
}
