package io.flows.dsl.validate;

import com.fasterxml.jackson.databind.JsonNode;
import io.flows.dsl.expr.FreeNames;
import io.flows.dsl.expr.SecretReferences;
import io.flows.dsl.expr.Template;
import io.flows.dsl.expr.TemplateSyntaxException;
import io.flows.dsl.kinds.StepKinds;
import io.flows.dsl.parse.Paths;
import io.flows.dsl.schema.FlowSchemas;
import io.flows.dsl.schema.SchemaChecker;
import io.flows.dsl.schema.SchemaChecker.TextUse;
import io.flows.dsl.text.Abbreviation;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks the strings of a flow by how the engine reads them (the schemas' {@code x-evaluated} and
 * {@code x-widget: code}): templates and scripts for their syntax, secrets and step references; templates for
 * names nothing puts in scope (a warning); constants for a {@code ${...}} that will stay text (a warning).
 */
final class TextChecks {

    /** What every step field and the flow's output see; slots of nested steps may add names ({@code x-scope}). */
    static final Set<String> STEP_NAMES = Set.of("input", "trigger", "steps", "vars", "execution");
    private static final List<String> STEP_NAMES_IN_ORDER = List.of("input", "trigger", "steps", "vars", "execution");
    /** What a webhook's idempotencyKey, orderingKey and sequence see: the incoming request. */
    private static final Set<String> REQUEST_NAMES = Set.of("body", "headers", "query");
    /** {@code steps.X} or {@code steps['X']}, but not a property of something else ({@code input.steps.X}). */
    private static final Pattern STEP_REF = Pattern.compile("(?<![\\w$.])steps\\s*(?:\\.\\s*([A-Za-z_$][A-Za-z0-9_$]*)|\\[\\s*(['\"])([^'\"]*)\\2\\s*\\])");
    /** The only fields where {@code secrets.NAME} is in scope (besides a webhook's {@code trigger.signature.secret}). */
    private static final List<String> SECRET_FIELDS = List.of("url", "headers", "query", "body");
    /**
     * The one {@code ${...}} a webhook's signature secret may be: a delivery resolves it by this form alone (the
     * engine's hooks Secrets), and any other text holding {@code ${} gives no secret at all.
     */
    private static final Pattern SIGNING_SECRET = Pattern.compile("\\$\\{\\s*secrets\\.[A-Za-z0-9_-]+\\s*}");
    /** Text for people, where a {@code ${...}} is as likely to be a note about an expression as a slip. */
    private static final List<String> PROSE = List.of("name", "description");
    /** Where each name a slot adds is in scope, e.g. index: "a foreach step's steps". */
    private static final Map<String, String> SLOT_NAMES = slotNames();

    private final List<Problem> problems;
    private final List<Problem> warnings;
    private final Map<String, String> stepPaths = new LinkedHashMap<>();
    private final Set<String> earlier = new LinkedHashSet<>();

    TextChecks(List<Problem> problems, List<Problem> warnings) {
        this.problems = problems;
        this.warnings = warnings;
    }

    /** Where a string is read: the names in scope and whether it may read secrets. */
    private record Place(String owner, Set<String> names, boolean secrets) {
    }

    /** Checks every step (in the order they run, so references can point back) and then the document's own fields. */
    void check(List<FlowValidator.StepNode> order, JsonNode root, SchemaChecker schemas) {
        boolean webhook = root.path("trigger").path("type").asText("").equals("webhook");
        for (FlowValidator.StepNode s : order) {
            JsonNode id = s.node().get("id");
            if (id != null && id.isTextual()) {
                stepPaths.putIfAbsent(id.asText(), s.path());
            }
        }
        for (FlowValidator.StepNode s : order) {
            if (s.kind() != null) {
                List<String> secretFields = "connector-call".equals(s.kind())
                        ? SECRET_FIELDS.stream().map(f -> Paths.field(Paths.field(s.path(), "with"), f)).toList() : List.of();
                SchemaChecker.forEachText(schemas.schemaOf(s.kind()), s.node(), s.path(), (path, text, use) ->
                        text(path, text, use, new Place(s.path(), s.names(), within(path, secretFields))));
            }
            JsonNode id = s.node().get("id");
            if (id != null && id.isTextual()) {
                earlier.add(id.asText());
            }
        }
        SchemaChecker.forEachText(schemas.schemaOf(""), root, "", (path, text, use) -> {
            if (path.startsWith("trigger.signature.")) {
                // a signing secret is resolved when a delivery arrives, which checks it is set; its form is checked here
                if (use == TextUse.TEMPLATE && text.contains("${") && !SIGNING_SECRET.matcher(text.trim()).matches()) {
                    if (webhook) {
                        warnings.add(Problem.at("ALWAYS_FAILS", path, notASigningSecret(text)));
                    }
                } else if (use == TextUse.TEMPLATE) {
                    unknownNames(path, text, new Place("", Set.of("secrets"), true));
                }
            } else {
                text(path, text, use, new Place("", path.startsWith("trigger.") ? REQUEST_NAMES : STEP_NAMES, false));
            }
        });
        keys(root, "");
    }

    /**
     * Keys are never templated, in any field: {@code set: {"${input.k}": 1}} makes a field named {@code ${input.k}}.
     * (A field name of a step or of the document holding {@code ${} is an unknown field, a problem, which wins.)
     */
    private void keys(JsonNode node, String path) {
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                keys(node.get(i), Paths.index(path, i));
            }
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String at = Paths.field(path, field.getKey());
            String kept = keptExpression(field.getKey());
            if (kept != null && warnings.stream().noneMatch(w -> w.path().equals(at) && w.code().equals("NOT_EVALUATED"))) {
                warnings.add(Problem.at("NOT_EVALUATED", at, "this key is not evaluated: '" + kept + "' is kept in the"
                        + " field's name, as written (keys are never templated; to compute one, write the whole object as"
                        + " one expression, e.g. \"${ {[input.kind]: input.value} }\")"));
            }
            keys(field.getValue(), at);
        }
    }

    /**
     * The {@code ${...}} of text that is kept as written, for a warning that it is (a {@code ${} never closed, or
     * {@code ${}}, from its start: most likely an expression with a slip, and text all the same); null when it holds
     * none ({@code $${} alone: no expression was meant).
     */
    private static String keptExpression(String text) {
        if (!Template.containsExpression(text)) {
            return null;
        }
        try {
            List<Template.Expression> expressions = Template.parse(text).expressions();
            return expressions.isEmpty() ? null : "${" + Abbreviation.of(expressions.get(0).source(), 63) + "}";
        } catch (TemplateSyntaxException e) {
            return Abbreviation.of(text.substring(e.position()), 66);
        }
    }

    /** Why a signature secret that holds {@code ${} but is not {@code ${secrets.NAME}} alone never verifies anything. */
    private static String notASigningSecret(String text) {
        String instead;
        try {
            Set<String> names = SecretReferences.in(text);
            instead = names.size() == 1 ? "write ${secrets." + names.iterator().next() + "}" : "write ${secrets.NAME}";
        } catch (IllegalArgumentException e) {
            instead = "write ${secrets.NAME}";
        }
        return "'" + Abbreviation.of(text, 120) + "' is not a signing secret: it is ${secrets.NAME} alone (read from"
                + " FLOWS_SECRET_NAME or the secret store) or the secret itself, as text without ${; nothing else is"
                + " evaluated here, so no secret is found and every delivery is refused with 503; " + instead;
    }

    private void text(String path, String text, TextUse use, Place place) {
        switch (use) {
            case CODE -> code(path, text, place);
            case TEMPLATE -> {
                if (Template.containsExpression(text)) {
                    template(path, text, place);
                }
            }
            case CONSTANT -> constant(path, text, place);
        }
    }

    private void code(String path, String source, Place place) {
        checkSecrets(path, source, place.secrets());
        checkStepReferences(path, source);
    }

    private void template(String path, String text, Place place) {
        Template template;
        try {
            template = Template.parse(text);
        } catch (TemplateSyntaxException e) {
            problems.add(Problem.at("TEMPLATE_SYNTAX", path, e.getMessage()));
            return;
        }
        for (Template.Expression e : template.expressions()) {
            checkSecrets(path, e.source(), place.secrets());
            checkStepReferences(path, e.source());
        }
        unknownNames(path, template, place);
    }

    /** A {@code ${...}} where nothing evaluates it reaches the step as the text {@code ${...}}. */
    private void constant(String path, String text, Place place) {
        String kept = keptExpression(text);
        if (kept == null || PROSE.stream().anyMatch(f -> path.equals(Paths.field(place.owner(), f)))) {
            return;
        }
        boolean var = path.startsWith("vars.") || path.startsWith("vars[");
        warnings.add(Problem.at("NOT_EVALUATED", path, "this field is not evaluated: '" + kept + "' is kept as text,"
                + " as written" + (var ? " (vars are constants; compute a value in a step, or pass it in the input)" : "")));
    }

    private void unknownNames(String path, String text, Place place) {
        try {
            unknownNames(path, Template.parse(text), place);
        } catch (TemplateSyntaxException e) {
            // reported where the template is checked
        }
    }

    /** Names an expression reads that are neither in scope here nor JavaScript's: a ReferenceError when it runs. */
    private void unknownNames(String path, Template template, Place place) {
        Set<String> reported = new LinkedHashSet<>();
        for (Template.Expression e : template.expressions()) {
            for (FreeNames.Name n : FreeNames.in(e.source())) {
                String name = n.name();
                // secrets are checked on their own (SECRET_OUT_OF_SCOPE)
                if (place.names().contains(name) || FreeNames.JS_GLOBALS.contains(name) || name.equals("secrets")
                        || !reported.add(name)) {
                    continue;
                }
                warnings.add(Problem.at("UNKNOWN_NAME", path, unknownName(name, place)));
            }
        }
    }

    private static String unknownName(String name, Place place) {
        String slot = SLOT_NAMES.get(name);
        if (slot != null && STEP_NAMES.stream().allMatch(place.names()::contains)) {
            return "'" + name + "' is not in scope here: only in " + slot + " (reading it elsewhere fails with a ReferenceError)";
        }
        List<String> names = new ArrayList<>(STEP_NAMES.stream().allMatch(place.names()::contains) ? STEP_NAMES_IN_ORDER : List.of());
        place.names().stream().filter(x -> !names.contains(x)).sorted().forEach(names::add);
        names.remove("secrets");
        String suggestion = name.length() < 3 ? "" : Suggestions.didYouMean(name, names);
        if (suggestion.isEmpty()) {
            // a global only when the case differs (math, Json): near misses of short globals (Map, Set) are noise
            suggestion = FreeNames.JS_GLOBALS.stream().filter(name::equalsIgnoreCase).findFirst()
                    .map(g -> " (did you mean '" + g + "'?)").orElse("");
        }
        return "'" + name + "' is not defined here" + suggestion + ", so the expression fails with a ReferenceError;"
                + " expressions here see " + (names.isEmpty() ? "" : String.join(", ", names) + " and ")
                + "JavaScript's global names";
    }

    /** Secrets are read only where they are needed, so they cannot be copied into outputs and traces. */
    private void checkSecrets(String path, String source, boolean inScope) {
        if (inScope) {
            try {
                SecretReferences.in(source);
            } catch (IllegalArgumentException e) {
                problems.add(Problem.at("INVALID_SECRET_REFERENCE", path, e.getMessage()));
            }
        } else if (SecretReferences.used(source)) {
            problems.add(Problem.at("SECRET_OUT_OF_SCOPE", path, "secrets.NAME may be used only in a connector call's"
                    + " with.url, with.headers, with.query and with.body, and in a webhook trigger's signature.secret"));
        }
    }

    /** Every {@code steps.X} must name a step that appears earlier in the flow, in the order its steps run. */
    private void checkStepReferences(String path, String source) {
        Matcher m = STEP_REF.matcher(source);
        while (m.find()) {
            String ref = m.group(1) != null ? m.group(1) : m.group(3);
            if (earlier.contains(ref)) {
                continue;
            }
            String later = stepPaths.get(ref);
            problems.add(Problem.at("UNKNOWN_STEP_REFERENCE", path, later != null
                    ? "steps." + ref + " names a step that comes later, at " + later + "; a step can read only the steps before it"
                    : "steps." + ref + " does not name a step that appears earlier in the flow" + Suggestions.didYouMean(ref, earlier)));
        }
    }

    private static boolean within(String path, List<String> scopes) {
        for (String scope : scopes) {
            if (path.equals(scope) || path.startsWith(scope + ".") || path.startsWith(scope + "[")) {
                return true;
            }
        }
        return false;
    }

    private static Map<String, String> slotNames() {
        Map<String, String> where = new LinkedHashMap<>();
        FlowSchemas schemas = FlowSchemas.get();
        for (String kind : StepKinds.names()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = schemas.kind(kind).path("properties").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                field.getValue().path(FlowSchemas.X_SCOPE)
                        .forEach(name -> where.put(name.asText(), "the " + field.getKey() + " of a " + kind + " step"));
            }
        }
        return where;
    }
}
