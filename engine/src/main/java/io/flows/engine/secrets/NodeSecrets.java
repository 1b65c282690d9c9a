package io.flows.engine.secrets;

import io.flows.dsl.expr.SecretReferences;
import io.flows.steps.StepFailure;
import io.flows.steps.runtime.SecretSource;
import io.micronaut.context.annotation.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The node's secrets: {@code secrets.NAME} resolves from the environment variable {@code FLOWS_SECRET_NAME}
 * first, then from the encrypted store. The environment wins because it is set by whoever runs the node, per
 * node, and cannot be changed through the API.
 *
 * <p>Created when the service starts, so every value is known to the {@link Redactor} before anything runs.
 */
@Context
public class NodeSecrets implements SecretSource {

    /** Shorter values are not accepted as secrets: masking them would mangle ordinary text. */
    public static final int MIN_LENGTH = 6;

    private final EnvironmentSecrets environment;
    private final SecretStore store;
    private final Redactor redactor;

    /** One name as listed: where its value comes from; {@code updatedAt} for stored ones. */
    public record Listed(String name, String source, String updatedAt, boolean shadowsStored) {
    }

    NodeSecrets(ProcessEnvironment process, SecretStore store, Redactor redactor) {
        this.environment = new EnvironmentSecrets(process.variables());
        this.store = store;
        this.redactor = redactor;
        List<String> values = new ArrayList<>();
        environment.values().forEach(values::add);
        redactor.add(values);
        store.load();
    }

    /**
     * @throws StepFailure SECRET_UNREADABLE when the stored value does not open with the master key
     */
    @Override
    public String howToSet(String name) {
        return store.configured() ? SecretSource.super.howToSet(name)
                : "set the environment variable " + SecretSource.environmentVariable(name) + " (this node has no "
                        + "FLOWS_MASTER_KEY, so it cannot store secrets: PUT /api/secrets answers 503)";
    }

    @Override
    public Optional<String> value(String name) {
        if (name == null || !SecretReferences.NAME.matcher(name).matches()) {
            return Optional.empty();
        }
        Optional<String> v = environment.value(name);
        if (v.isPresent()) {
            return v;
        }
        try {
            return store.value(name);
        } catch (SecretStore.Unreadable e) {
            throw StepFailure.permanent("SECRET_UNREADABLE", e.getMessage());
        }
    }

    @Override
    public void mask(String value) {
        redactor.add(value);
    }

    /** Every name with its source, by name; never a value. */
    public List<Listed> list() {
        Map<String, Listed> out = new TreeMap<>();
        store.list().forEach(e -> out.put(e.name(), new Listed(e.name(), "store", e.updatedAt().toString(), false)));
        for (String name : environment.names()) {
            List<String> shadowed = out.keySet().stream()
                    .filter(n -> EnvironmentSecrets.variable(n).equals(EnvironmentSecrets.variable(name))).toList();
            shadowed.forEach(out::remove);
            out.put(name, new Listed(name, "environment", null, !shadowed.isEmpty()));
        }
        return new ArrayList<>(out.values());
    }

    /** True when the environment defines {@code name}, which then wins over the store. */
    public boolean inEnvironment(String name) {
        return environment.value(name).isPresent();
    }
}
