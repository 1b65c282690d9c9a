package io.flows.engine.api.docs;

import io.swagger.v3.oas.annotations.media.Schema;

/** The body of {@code PUT /api/secrets/{name}}. */
@Schema(description = "A secret's value: the only field")
public record SecretValue(String value) {
}
