/**
 * The shapes of the API's JSON answers (and of the bodies it reads), for the OpenAPI document only.
 *
 * <p>The services build their answers as JSON trees ({@code ObjectNode}), which the OpenAPI generator can only
 * describe by the getters of Jackson's tree classes ({@code nodeType}, {@code missingNode}, ...). These records say
 * what those trees hold; the controllers name them in
 * {@code @ApiResponse(content = @Content(schema = @Schema(implementation = ...)))}. Nothing creates them at run time.
 * {@code OpenApiDocumentTest} checks real answers of a running service against the document, so a field an answer
 * gains and its record lacks fails a test.
 *
 * <p>Conventions. Each is a top-level class: the generator names a nested one {@code Outer.Inner} wherever a
 * property with its own {@code @Schema} refers to it. A component is required when every answer holds it, maybe as
 * null (then it is also {@code @Nullable}); one that some answers leave out is {@code NOT_REQUIRED}. A
 * {@code @Schema} on a component without a {@code requiredMode} makes it optional, so the required ones say so.
 * A value that may be any JSON (a trigger body, a step's output) is a free-form {@code type = "object"} whose
 * description says so: micronaut-openapi 6 writes no untyped schema for OpenAPI 3.0.
 */
package io.flows.engine.api.docs;
