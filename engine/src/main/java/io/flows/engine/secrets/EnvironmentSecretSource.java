package io.flows.engine.secrets;

import io.flows.dsl.expr.SecretReferences;
import io.flows.steps.runtime.SecretSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The secrets of a run outside the service ({@code flows run}): the environment's {@code FLOWS_SECRET_*} only, with
 * no store to open, each value masked by {@code redactor} in what the run prints and logs.
 */
public final class EnvironmentSecretSource implements SecretSource {

    private final EnvironmentSecrets environment;
    private final Redactor redactor;

    public EnvironmentSecretSource(Map<String, String> variables, Redactor redactor) {
        this.environment = new EnvironmentSecrets(variables);
        this.redactor = redactor;
        List<String> values = new ArrayList<>();
        environment.values().forEach(values::add);
        redactor.add(values);
    }

    @Override
    public Optional<String> value(String name) {
        if (name == null || !SecretReferences.NAME.matcher(name).matches()) {
            return Optional.empty();
        }
        return environment.value(name);
    }

    @Override
    public String howToSet(String name) {
        return "set the environment variable " + SecretSource.environmentVariable(name)
                + " (flows run reads secrets from the environment only)";
    }

    @Override
    public void mask(String value) {
        redactor.add(value);
    }
}
