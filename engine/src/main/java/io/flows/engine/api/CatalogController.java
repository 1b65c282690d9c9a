package io.flows.engine.api;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flows.dsl.kinds.StepKinds;
import io.flows.dsl.model.Kind;
import io.flows.dsl.schema.FlowSchemas;
import io.flows.engine.api.docs.FlowJsonSchema;
import io.flows.engine.api.docs.StepKindInfo;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;

/** The flow language for editors and tools: the document schema and the step kinds. */
@Controller("/api")
@Tag(name = "catalogue")
public class CatalogController {

    @Get("/schema/flow")
    @Operation(summary = "JSON Schema of a flow document")
    @ApiResponse(responseCode = "200", description = "The JSON Schema",
            content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = FlowJsonSchema.class)))
    public ObjectNode flowSchema() {
        return FlowSchemas.get().flow();
    }

    @Get("/steps")
    @Operation(summary = "Every step kind with its schema")
    @ApiResponse(responseCode = "200", description = "The step kinds",
            content = @Content(mediaType = ApiDocs.JSON,
                    array = @ArraySchema(schema = @Schema(implementation = StepKindInfo.class))))
    public List<ObjectNode> steps() {
        return StepKinds.all().stream().map(c -> {
            Kind k = StepKinds.kindOf(c);
            ObjectNode n = JsonNodeFactory.instance.objectNode();
            n.put("kind", k.name());
            n.put("title", k.title());
            n.put("description", k.description());
            n.put("category", k.category());
            n.set("schema", FlowSchemas.get().kind(k.name()));
            return n;
        }).toList();
    }
}
