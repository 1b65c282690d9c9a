package io.flows.engine.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import io.flows.dsl.FlowDsl;
import io.flows.dsl.kinds.StepKinds;
import io.flows.dsl.parse.ParsedDocument;
import io.flows.dsl.parse.Paths;
import io.flows.dsl.schema.FlowSchemas;
import io.flows.dsl.schema.SchemaChecker;
import io.flows.dsl.validate.Problem;
import io.flows.steps.kinds.CamelEndpointPolicy;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Validation's warning ({@code ALWAYS_FAILS}) of a {@code uri:} call that the node refuses with
 * {@code ENDPOINT_DENIED}, by the policy that refuses it at run time. A warning, not a problem: the allow-list is
 * the node's, and may change, while a stored version must keep loading; and the step may sit in a branch never taken.
 * It lives here, not in flow-dsl, because the rules are those of the steps module and the allow-list the node's.
 */
final class EndpointCheck {

    /** Each kind's schema, read-only here (FlowSchemas hands out copies). */
    private static final Map<String, JsonNode> SCHEMAS = StepKinds.names().stream()
            .collect(Collectors.toUnmodifiableMap(k -> k, k -> FlowSchemas.get().kind(k)));

    private EndpointCheck() {
    }

    /** {@code result} with a warning at each {@code steps[...].uri} that {@code policy} refuses. */
    static FlowDsl.Result check(FlowDsl.Result result, CamelEndpointPolicy policy) {
        ParsedDocument doc = result.document();
        if (doc == null || !doc.root().isObject()) {
            return result;
        }
        List<Problem> found = new ArrayList<>();
        steps(doc.root().path("steps"), "steps", policy, doc, found);
        Set<String> wrong = new HashSet<>();
        result.problems().forEach(p -> wrong.add(p.path()));
        found.removeIf(w -> wrong.contains(w.path()));
        if (found.isEmpty()) {
            return result;
        }
        List<Problem> warnings = new ArrayList<>(result.warnings());
        warnings.addAll(found);
        warnings.sort(Comparator.comparing((Problem w) -> w.line() == null ? Integer.MAX_VALUE : w.line())
                .thenComparing(w -> w.column() == null ? Integer.MAX_VALUE : w.column()));
        return new FlowDsl.Result(doc, result.flow(), result.problems(), warnings);
    }

    private static void steps(JsonNode list, String listPath, CamelEndpointPolicy policy, ParsedDocument doc,
                              List<Problem> found) {
        if (!list.isArray()) {
            return;
        }
        for (int i = 0; i < list.size(); i++) {
            JsonNode step = list.get(i);
            String path = Paths.index(listPath, i);
            String kind = step.path("type").asText("");
            JsonNode uri = step.get("uri");
            if (kind.equals("connector-call") && uri != null && uri.isTextual()) {
                String refusal = policy.refusal(uri.asText());
                if (refusal != null) {
                    String at = Paths.field(path, "uri");
                    found.add(Problem.at("ALWAYS_FAILS", at, refusal + ", so the step always fails with ENDPOINT_DENIED")
                            .located(doc.locate(at)).wellFormed());
                }
            }
            JsonNode schema = SCHEMAS.get(kind);
            if (schema != null) {
                SchemaChecker.forEachStepSlot(schema, step, path, (p, nested, slot) -> steps(nested, p, policy, doc, found));
            }
        }
    }
}
