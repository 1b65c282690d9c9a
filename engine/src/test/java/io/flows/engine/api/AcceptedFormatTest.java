package io.flows.engine.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AcceptedFormatTest {

    @ParameterizedTest(name = "[{0}] -> yaml: {1}")
    @CsvSource(delimiter = '|', value = {
            "application/yaml | true",
            "text/yaml | true",
            "application/x-yaml | true",
            "application/json | false",
            "*/* | false",
            "'' | false",
            "application/json, application/yaml | false",
            "application/yaml, application/json | false",
            "application/json;q=0.1, application/yaml | true",
            "application/yaml, */*;q=0.1 | true",
            "application/yaml;q=0.5, application/json;q=0.9 | false",
            "application/yaml;q=0, */* | false",
            "APPLICATION/YAML; Q=0.8, application/json; q=0.2 | true",
            "application/yaml;q=oops, application/json;q=0.5 | true",
            "text/* | true",
            "application/* | false",
            "application/*, text/*;q=0.5 | false",
            "application/*;q=0.5, text/* | true",
            "application/json;q=0, */* | true",
            "application/json;q=0, application/* | true",
            "*/*;q=0 | false",
            "text/plain | false",
    })
    void picksTheFormWithTheHigherQuality(String accept, boolean yaml) {
        assertThat(AcceptedFormat.prefersYaml(accept)).isEqualTo(yaml);
    }
}
