package io.flows.dsl.model;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Walks every step of a flow, nested ones included, in the order they run: lists as written, a kind's slots in the
 * order its record declares them (a try's steps before its catch, whichever the document writes first), as
 * validation does (SchemaChecker.forEachStepSlot). Nested step lists are
 * found in the kinds' records by type ({@code List<Step>}, maps of them, records holding them),
 * so a new control kind needs nothing here.
 */
public final class StepTree {

    private StepTree() {
    }

    public static void walk(List<Step> steps, Consumer<Step> visitor) {
        for (Step s : steps) {
            visitor.accept(s);
            visitNested(s.config(), visitor);
        }
    }

    public static List<String> ids(Flow flow) {
        List<String> ids = new ArrayList<>();
        walk(flow.steps(), s -> ids.add(s.id()));
        return ids;
    }

    private static void visitNested(Object value, Consumer<Step> visitor) {
        if (value == null) {
            return;
        }
        if (value instanceof Step step) {
            walk(List.of(step), visitor);
        } else if (value instanceof Collection<?> c) {
            c.forEach(v -> visitNested(v, visitor));
        } else if (value instanceof Map<?, ?> m) {
            m.values().forEach(v -> visitNested(v, visitor));
        } else if (value.getClass().isRecord()) {
            for (RecordComponent rc : value.getClass().getRecordComponents()) {
                try {
                    visitNested(rc.getAccessor().invoke(value), visitor);
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
    }
}
