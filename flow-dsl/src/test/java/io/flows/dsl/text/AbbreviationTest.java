package io.flows.dsl.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AbbreviationTest {

    @Test
    void shortTextStaysAndLongTextIsCutToTheMaximumWithDots() {
        assertThat(Abbreviation.of("abc", 3)).isEqualTo("abc");
        assertThat(Abbreviation.of("abcdefgh", 6)).isEqualTo("abc...");
        assertThat(Abbreviation.of("x".repeat(200), 63)).hasSize(63).endsWith("...");
    }

    @Test
    void aCutNeverSplitsASurrogatePair() {
        String emoji = "\uD83D\uDE00";
        assertThat(Abbreviation.of("ab" + emoji + "cdef", 6)).isEqualTo("ab...");
    }
}
