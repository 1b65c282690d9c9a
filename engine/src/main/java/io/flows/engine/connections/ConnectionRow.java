package io.flows.engine.connections;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;

/** One environment's variant of a named connection; the validated profile as JSON text. */
@MappedEntity(value = "connections", escape = false)
public record ConnectionRow(
        @Id String id,
        String name,
        String environment,
        String profileJson,
        Instant createdAt,
        Instant updatedAt) {

    static String id(String name, String environment) {
        return name + "/" + environment;
    }
}
