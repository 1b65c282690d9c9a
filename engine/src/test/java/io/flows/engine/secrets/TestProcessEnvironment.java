package io.flows.engine.secrets;

import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Environment variables a test chooses, in place of the process's own (which a test cannot set). */
@Singleton
@Requires(property = "flows.test.process-environment", value = "true")
class TestProcessEnvironment implements ProcessEnvironment {

    static final Map<String, String> VARIABLES = new ConcurrentHashMap<>();

    @Override
    public Map<String, String> variables() {
        return Map.copyOf(VARIABLES);
    }
}
