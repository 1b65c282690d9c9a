package io.flows.engine.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TokenFormatTest {

    @Test
    void tokensAreRecognisableUniqueAndCarryAChecksum() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            String t = TokenFormat.generate();
            assertThat(t).matches("flw_[0-9A-Za-z]{49}");
            assertThat(TokenFormat.isWellFormed(t)).isTrue();
            assertThat(seen.add(t)).isTrue();
        }
    }

    @Test
    void everySingleCharacterTypoIsCaughtByTheChecksum() {
        String t = TokenFormat.generate();
        for (int i = 4; i < t.length(); i++) {
            char c = t.charAt(i) == 'Z' ? 'Y' : 'Z';
            assertThat(TokenFormat.isWellFormed(t.substring(0, i) + c + t.substring(i + 1))).as("typo at " + i).isFalse();
        }
        assertThat(TokenFormat.isWellFormed(t.substring(1))).isFalse();
        assertThat(TokenFormat.isWellFormed(t + "0")).isFalse();
        assertThat(TokenFormat.isWellFormed("Bearer " + t)).isFalse();
        assertThat(TokenFormat.isWellFormed(null)).isFalse();
    }

    @Test
    void theStoredHashIsTheHexSha256OfTheToken() {
        assertThat(TokenFormat.hash("abc")).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
}
