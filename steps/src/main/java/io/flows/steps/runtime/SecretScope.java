package io.flows.steps.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flows.dsl.expr.SecretReferences;
import io.flows.dsl.expr.Template;
import io.flows.dsl.expr.TemplateSyntaxException;
import io.flows.steps.StepFailure;
import java.util.LinkedHashSet;
import java.util.Set;

/** The {@code secrets} binding of a connector call: the secrets its request names, and no others. */
final class SecretScope {

    private SecretScope() {
    }

    /** The secret names the templates in a tree read. */
    static Set<String> namesIn(JsonNode template) {
        Set<String> names = new LinkedHashSet<>();
        collect(template, names);
        return names;
    }

    private static void collect(JsonNode node, Set<String> names) {
        if (node.isTextual()) {
            String text = node.textValue();
            if (!Template.containsExpression(text) || !text.contains("secrets")) {
                return;
            }
            try {
                for (Template.Expression e : Template.parse(text).expressions()) {
                    names.addAll(SecretReferences.in(e.source()));
                }
            } catch (TemplateSyntaxException e) {
                // reported as EXPRESSION_ERROR when the template is rendered
            } catch (IllegalArgumentException e) {
                throw StepFailure.permanent("INVALID_SECRET_REFERENCE", e.getMessage());
            }
        } else if (node.isContainerNode()) {
            node.forEach(child -> collect(child, names));
        }
    }

    /** The named secrets as an object, or null when none is named; a name that is not set fails the step. */
    static JsonNode resolve(Set<String> names, SecretSource source) {
        if (names.isEmpty()) {
            return null;
        }
        ObjectNode values = JsonNodeFactory.instance.objectNode();
        for (String name : names) {
            String value = source.value(name).orElseThrow(() -> StepFailure.permanent("SECRET_NOT_FOUND",
                    "secret '" + name + "' is not set: " + source.howToSet(name)));
            values.put(name, value);
        }
        return values;
    }
}
