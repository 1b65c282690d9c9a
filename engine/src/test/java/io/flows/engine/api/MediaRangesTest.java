package io.flows.engine.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MediaRangesTest {

    @ParameterizedTest(name = "[{0}] gives {1} the quality {2}")
    @CsvSource(delimiter = '|', value = {
            "application/json | application/json | 1",
            "application/* | application/json | 1",
            "*/* | application/json | 1",
            "text/* | application/json | 0",
            "application/json;q=0 | application/json | 0",
            "*/*, application/json;q=0 | application/json | 0",
            "application/*;q=0.2, application/json;q=0.7, */*;q=0.1 | application/json | 0.7",
            "application/*;q=0.2, application/json;q=0.7, */*;q=0.1 | application/yaml | 0.2",
            "application/*;q=0.2, application/json;q=0.7, */*;q=0.1 | text/yaml | 0.1",
            "Application/JSON; charset=utf-8; Q=0.5 | application/json | 0.5",
            "application/json;q=2 | application/json | 1",
            "application/json;q=oops | application/json | 1",
            "json, */json, application/json | application/json | 1",
    })
    void theMostSpecificMatchingRangeDecides(String accept, String type, double quality) {
        assertThat(MediaRanges.parse(accept).quality(type)).isEqualTo(quality);
    }

    @Test
    void listsTheAcceptableTypesTheMostWantedFirst() {
        List<String> produced = List.of("application/json", "application/yaml", "text/plain", "text/yaml");
        assertThat(MediaRanges.parse("text/*, application/*;q=0.5").acceptable(produced))
                .containsExactly("text/plain", "text/yaml", "application/json", "application/yaml");
        assertThat(MediaRanges.parse("*/*, application/json;q=0, text/plain;q=0").acceptable(produced))
                .containsExactly("application/yaml", "text/yaml");
        assertThat(MediaRanges.parse("image/png").acceptable(produced)).isEmpty();
        assertThat(MediaRanges.parse("not a media range").isEmpty()).isTrue();
        assertThat(MediaRanges.parse("").isEmpty()).isTrue();
    }
}
