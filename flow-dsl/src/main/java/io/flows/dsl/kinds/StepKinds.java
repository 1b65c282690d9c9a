package io.flows.dsl.kinds;

import io.flows.dsl.model.Kind;
import io.flows.dsl.model.StepConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The registry of step kinds: every kind's configuration record, by its {@code type} name. */
public final class StepKinds {

    private static final List<Class<? extends StepConfig>> ALL = List.of(
            Transform.class, ConnectorCall.class, Delay.class, ErrorInjection.class,
            Choice.class, Foreach.class, Parallel.class, Try.class, CallFlow.class);

    private static final Map<String, Class<? extends StepConfig>> BY_NAME = new LinkedHashMap<>();

    static {
        for (Class<? extends StepConfig> c : ALL) {
            BY_NAME.put(c.getAnnotation(Kind.class).name(), c);
        }
    }

    private StepKinds() {
    }

    public static List<Class<? extends StepConfig>> all() {
        return ALL;
    }

    public static List<String> names() {
        return List.copyOf(BY_NAME.keySet());
    }

    public static Optional<Class<? extends StepConfig>> byName(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    public static Kind kindOf(Class<? extends StepConfig> config) {
        return config.getAnnotation(Kind.class);
    }

    public static String nameOf(StepConfig config) {
        return config.getClass().getAnnotation(Kind.class).name();
    }
}
