package io.flows.engine.service;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class YamlIdInsertionTest {

    private static String insert(String text) {
        return YamlIdInsertion.insert(text, "f-1").orElse(null);
    }

    @Test
    void aBlockMappingGetsTheIdAsItsFirstLine() {
        assertThat(insert("# a flow\nsteps: []\n")).isEqualTo("id: f-1\n# a flow\nsteps: []\n");
    }

    @Test
    void aDocumentStartAndTheDirectivesBeforeItStayFirst() {
        assertThat(insert("---\nsteps: []\n")).isEqualTo("---\nid: f-1\nsteps: []\n");
        assertThat(insert("%YAML 1.2\n---\nsteps: []\n")).isEqualTo("%YAML 1.2\n---\nid: f-1\nsteps: []\n");
        assertThat(insert("# header\n--- # the flow\n\n# steps\nsteps: []\n"))
                .isEqualTo("# header\n--- # the flow\nid: f-1\n\n# steps\nsteps: []\n");
    }

    @Test
    void anIndentedRootGetsTheIdAtItsIndentation() {
        assertThat(insert("  trigger: { type: manual }\n  steps: []\n")).isEqualTo("  id: f-1\n  trigger: { type: manual }\n  steps: []\n");
    }

    @Test
    void aFlowStyleRootGetsTheIdAsItsFirstEntry() {
        assertThat(insert("{steps: []}\n")).isEqualTo("{id: f-1, steps: []}\n");
        assertThat(insert("--- {steps: []}")).isEqualTo("--- {id: f-1, steps: []}");
        assertThat(insert("# c\n{\n  steps: []\n}\n")).isEqualTo("# c\n{id: f-1, \n  steps: []\n}\n");
        assertThat(insert("{}")).isEqualTo("{id: f-1}");
    }

    @Test
    void windowsLineEndsAreKept() {
        assertThat(insert("---\r\nsteps: []\r\n")).isEqualTo("---\r\nid: f-1\r\nsteps: []\r\n");
    }

    @Test
    void aRootThatIsNoMappingIsLeftAlone() {
        assertThat(insert("- a\n- b\n")).isNull();
        assertThat(insert("[a, b]\n")).isNull();
        assertThat(insert("--- just text\n")).isNull();
        assertThat(insert("# only a comment\n")).isNull();
    }
}
