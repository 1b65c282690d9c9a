package io.flows.dsl.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.flows.dsl.kinds.StepKinds;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FlowSchemasTest {

    @Test
    void everyKindHasASchemaWithCommonFieldsAndItsTypeAsConstant() {
        for (String kind : StepKinds.names()) {
            JsonNode s = FlowSchemas.get().kind(kind);
            assertThat(s.at("/properties/type/const").asText()).isEqualTo(kind);
            assertThat(s.at("/properties/id/pattern").asText()).isNotEmpty();
            assertThat(s.at("/properties/retry/properties/maxAttempts/minimum").asInt()).isEqualTo(1);
            assertThat(s.get("additionalProperties").asBoolean()).isFalse();
            assertThat(s.get("title").asText()).isNotBlank();
            assertThat(s.get("description").asText()).isNotBlank();
        }
    }

    @Test
    void nestedStepSlotsAreMarkedSoTheEditorNeedNotKnowKinds() {
        assertThat(FlowSchemas.get().kind("foreach").at("/properties/steps/x-steps").asText()).isEqualTo("list");
        assertThat(FlowSchemas.get().kind("parallel").at("/properties/branches/x-steps").asText()).isEqualTo("map");
        assertThat(FlowSchemas.get().kind("choice").at("/properties/when/items/properties/steps/x-steps").asText()).isEqualTo("list");
        assertThat(FlowSchemas.get().kind("try").at("/properties/catch/x-steps").asText()).isEqualTo("list");
        assertThat(FlowSchemas.get().kind("transform").at("/properties/steps").isMissingNode()).isTrue();
    }

    @Test
    void fieldsTheEngineEvaluatesAndNamesASlotAddsAreMarked() {
        assertThat(FlowSchemas.get().kind("transform").at("/properties/set/x-evaluated").asBoolean()).isTrue();
        assertThat(FlowSchemas.get().kind("choice").at("/properties/when/items/properties/if/x-evaluated").asBoolean()).isTrue();
        assertThat(FlowSchemas.get().kind("connector-call").at("/properties/with/x-evaluated").asBoolean()).isTrue();
        assertThat(FlowSchemas.get().kind("call-flow").at("/properties/flow/x-evaluated").isMissingNode()).isTrue();
        assertThat(FlowSchemas.get().kind("error-injection").at("/properties/error/x-evaluated").isMissingNode()).isTrue();
        assertThat(FlowSchemas.get().flow().at("/properties/output/x-evaluated").asBoolean()).isTrue();
        assertThat(FlowSchemas.get().flow().at("/properties/vars/x-evaluated").isMissingNode()).isTrue();
        assertThat(FlowSchemas.get().kind("foreach").at("/properties/steps/x-scope").toString()).isEqualTo("[\"index\"]");
        assertThat(FlowSchemas.get().kind("try").at("/properties/catch/x-scope").toString()).isEqualTo("[\"error\"]");
        assertThat(FlowSchemas.get().kind("try").at("/properties/steps/x-scope").isMissingNode()).isTrue();
    }

    @Test
    void durationsAndWidgetsCarryHints() {
        JsonNode delay = FlowSchemas.get().kind("delay");
        assertThat(delay.at("/properties/duration/x-widget").asText()).isEqualTo("duration");
        assertThat(delay.at("/properties/duration/pattern").asText()).isNotEmpty();
        assertThat(FlowSchemas.get().kind("transform").at("/properties/script/x-widget").asText()).isEqualTo("code");
        assertThat(FlowSchemas.get().kind("error-injection").at("/properties/mode/enum").toString()).contains("\"fail\"", "\"respond\"");
    }

    @Test
    void thePublishedSchemaRequiresAWebhooksPathAndASchedulesCron() throws Exception {
        assertThat(published("{\"type\": \"webhook\"}")).extracting(ValidationMessage::getMessage)
                .anySatisfy(m -> assertThat(m).contains("path"));
        assertThat(published("{\"type\": \"schedule\"}")).extracting(ValidationMessage::getMessage)
                .anySatisfy(m -> assertThat(m).contains("cron"));
        assertThat(published("{\"type\": \"webhook\", \"path\": \"in\"}")).isEmpty();
        assertThat(published("{\"type\": \"schedule\", \"cron\": \"0 * * * * *\"}")).isEmpty();
        assertThat(published("{\"type\": \"manual\"}")).isEmpty();
    }

    /** What a standard JSON Schema validator says of a flow with {@code trigger}, by the schema GET /api/schema/flow serves. */
    private static Set<ValidationMessage> published(String trigger) throws Exception {
        JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(FlowSchemas.get().flow());
        return schema.validate(new ObjectMapper().readTree("{\"id\": \"x\", \"trigger\": " + trigger + ", \"steps\": []}"));
    }

    @Test
    void theDocumentSchemaLinksNestedStepsToTheStepDefinition() {
        JsonNode flow = FlowSchemas.get().flow();
        assertThat(flow.at("/properties/steps/items/$ref").asText()).isEqualTo("#/$defs/step");
        assertThat(flow.at("/$defs/foreach/properties/steps/items/$ref").asText()).isEqualTo("#/$defs/step");
        assertThat(flow.at("/$defs/step/properties/type/enum")).hasSize(StepKinds.names().size());
        System.out.println(flow.toPrettyString());
    }
}
