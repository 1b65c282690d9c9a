package io.flows.dsl.validate;

import com.fasterxml.jackson.databind.JsonNode;
import io.flows.dsl.json.LoneSurrogates;
import io.flows.dsl.json.NulCharacters;
import io.flows.dsl.json.TextFind;
import io.flows.dsl.expr.Template;
import io.flows.dsl.expr.TemplateSyntaxException;
import io.flows.dsl.kinds.StepKinds;
import io.flows.dsl.model.DurationText;
import io.flows.dsl.parse.FlowBinder;
import io.flows.dsl.parse.Format;
import io.flows.dsl.parse.Paths;
import io.flows.dsl.schema.FlowSchemas;
import io.flows.dsl.schema.SchemaChecker;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Finds every problem of a flow document at once: each step is checked against its own kind's
 * schema (the {@code type} is read first, so errors are not a noisy {@code oneOf}), then the
 * checks a schema cannot express — unique ids, references to earlier steps, template syntax,
 * fields that exclude each other, ranges.
 */
public final class FlowValidator {

    static final Duration MAX_TIMEOUT = Duration.ofHours(24);
    private static final Pattern ERROR_CODE = Pattern.compile("^[A-Z][A-Z0-9_]*$");
    private static final Pattern HEADER_NAME = Pattern.compile("[A-Za-z0-9!#$%&'*+.^_`|~-]{1,100}");
    private static final int MAX_SIGNATURE_SECRETS = 5;
    /** Segments joined by single slashes: {@code open/} or {@code a//b} would never be reached by a request. */
    private static final Pattern WEBHOOK_PATH = Pattern.compile("^[a-z0-9][a-z0-9_-]*(/[a-z0-9_-]+)*$");
    /** What the database keeps of a webhook path. */
    private static final int WEBHOOK_PATH_MAX = 500;

    private final SchemaChecker schemas = new SchemaChecker();

    /**
     * What a document gets wrong, and what it says but will not do.
     *
     * @param problems what makes it invalid
     * @param warnings see {@link FlowWarnings} and {@link TextChecks}; never about a value that is also a problem
     */
    public record Findings(List<Problem> problems, List<Problem> warnings) {
    }

    /**
     * Checks {@code root}, read from a document in {@code format} (some hints are about how YAML reads);
     * {@code mergeKeys} and {@code ignoredTags}: see {@link io.flows.dsl.parse.ParsedDocument}.
     */
    public Findings check(JsonNode root, Format format, Set<String> mergeKeys, Map<String, String> ignoredTags) {
        List<Problem> problems = new ArrayList<>();
        if (root == null || !root.isObject()) {
            problems.add(Problem.at("WRONG_TYPE", "", "a flow must be an object with id, trigger and steps"));
            return new Findings(problems, List.of());
        }
        TextFind.Found nul = NulCharacters.find(root);
        if (nul != null) {
            // PostgreSQL cannot store it (H2 can): refused here, so validation, saving and both databases agree
            problems.add(Problem.at("NUL_CHARACTER", nul.path(), (nul.key() ? "this key" : "this text")
                    + " holds the NUL character (U+0000), which a flow cannot hold; remove it (a script that needs"
                    + " one can write '\\u0000' in a JavaScript string)"));
        }
        TextFind.Found half = LoneSurrogates.locate(root);
        if (half != null) {
            // what the flow would do with it cannot be stored or answered (a step's output, a canned response), and
            // where it does no harm (a description) the flow is answered with it, which strict JSON parsers refuse
            problems.add(Problem.at("LONE_SURROGATE", half.path(), (half.key() ? "this key" : "this text")
                    + " holds half of a UTF-16 surrogate pair (an escape \\ud800 to \\udfff without its other half),"
                    + " which is no Unicode character; write the whole character (😀, or both halves: \\ud83d\\ude00)"
                    + " or remove it"));
        }
        problems.addAll(schemas.check("", root, ""));
        // the server adds these to a flow it returns and ignores them when it is sent back (API.md), whatever they
        // hold: a value of the wrong type is said, not refused
        List<Problem> serverFields = new ArrayList<>();
        problems.removeIf(p -> FlowBinder.SERVER_FIELDS.contains(p.path()) && serverFields.add(Problem.at("IGNORED_FIELD",
                p.path(), "is set by the server and ignored when a flow is saved (" + p.message() + ")")));
        Map<String, String> seenIds = new HashMap<>();
        List<StepNode> order = new ArrayList<>();
        SchemaChecker.forEachStepSlot(schemas.schemaOf(""), root, "",
                (path, list, slot) -> collectSteps(path, list, TextChecks.STEP_NAMES, problems, order));
        checkIds(order, seenIds, problems);
        List<Problem> warnings = new ArrayList<>(serverFields);
        new TextChecks(problems, warnings).check(order, root, schemas);
        checkTrigger(root.path("trigger"), problems);
        MergeKeys.check(mergeKeys, problems, warnings);
        ignoredTags.forEach((path, why) -> warnings.add(Problem.at("IGNORED_TAG", path, why)));
        Set<String> wrong = new HashSet<>();
        problems.forEach(p -> wrong.add(p.path()));
        FlowWarnings.trigger(root.path("trigger"), warnings);
        for (StepNode s : order) {
            FlowWarnings.check(s.kind(), s.node(), s.path(), format, warnings);
        }
        warnings.removeIf(w -> wrong.contains(w.path()));
        // text that names nothing ('orders-${input.kind' as a flow id) is said once, by what it does: it always fails
        Set<String> failing = new HashSet<>();
        warnings.stream().filter(w -> w.code().equals("ALWAYS_FAILS")).forEach(w -> failing.add(w.path()));
        warnings.removeIf(w -> w.code().equals("NOT_EVALUATED") && failing.contains(w.path()));
        return new Findings(dedupe(problems), warnings);
    }

    /** A step object in the order the steps run (pre-order), with the names its expressions see. */
    record StepNode(String path, JsonNode node, String kind, Set<String> names) {
    }

    private void collectSteps(String listPath, JsonNode list, Set<String> names, List<Problem> problems, List<StepNode> order) {
        for (int i = 0; i < list.size(); i++) {
            String path = Paths.index(listPath, i);
            JsonNode step = list.get(i);
            if (!step.isObject()) {
                // said once: the slot's schema may have said "must be an object" of it already
                problems.removeIf(p -> p.path().equals(path) && p.code().equals("WRONG_TYPE"));
                problems.add(Problem.at("WRONG_TYPE", path, "a step must be an object with id and type, not "
                        + SchemaChecker.describeValue(step)));
                continue;
            }
            JsonNode type = step.get("type");
            if (type == null || type.isNull()) {
                problems.add(Problem.at("MISSING_FIELD", Paths.field(path, "type"), "is required (one of " + String.join(", ", StepKinds.names()) + ")"));
                order.add(new StepNode(path, step, null, names));
                continue;
            }
            if (!type.isTextual()) {
                problems.add(Problem.at("WRONG_TYPE", Paths.field(path, "type"), "must be a string naming a step kind"));
                order.add(new StepNode(path, step, null, names));
                continue;
            }
            String kind = type.asText();
            if (StepKinds.byName(kind).isEmpty()) {
                String name = step.path("id").asText("?");
                problems.add(Problem.at("UNKNOWN_STEP_KIND", Paths.field(path, "type"),
                        "step '" + name + "' has unknown type '" + kind + "'" + Suggestions.didYouMean(kind, StepKinds.names())
                                + "; known types: " + String.join(", ", StepKinds.names())));
                order.add(new StepNode(path, step, null, names));
                continue;
            }
            problems.addAll(schemas.check(kind, step, path));
            order.add(new StepNode(path, step, kind, names));
            checkKind(kind, step, path, problems);
            SchemaChecker.forEachStepSlot(schemas.schemaOf(kind), step, path,
                    (p, l, slot) -> collectSteps(p, l, withSlotNames(names, slot), problems, order));
        }
    }

    /** The names of {@code names} and those the slot adds ({@code x-scope}: index in a foreach body, error in a catch). */
    private static Set<String> withSlotNames(Set<String> names, JsonNode slot) {
        JsonNode more = slot.path(FlowSchemas.X_SCOPE);
        if (more.isEmpty()) {
            return names;
        }
        Set<String> all = new LinkedHashSet<>(names);
        more.forEach(n -> all.add(n.asText()));
        return Set.copyOf(all);
    }

    private static void checkIds(List<StepNode> order, Map<String, String> seen, List<Problem> problems) {
        for (StepNode s : order) {
            JsonNode id = s.node().get("id");
            if (id == null || !id.isTextual()) {
                if (id == null && s.kind() == null) {
                    problems.add(Problem.at("MISSING_FIELD", Paths.field(s.path(), "id"), "is required"));
                }
                continue;
            }
            String first = seen.putIfAbsent(id.asText(), s.path());
            if (first != null) {
                problems.add(Problem.at("DUPLICATE_STEP_ID", Paths.field(s.path(), "id"),
                        "step id '" + id.asText() + "' is already used at " + first));
            }
        }
    }

    /** Rules between fields of one kind that the schema does not express. */
    private static void checkKind(String kind, JsonNode step, String path, List<Problem> problems) {
        checkDurationRange(step.get("timeout"), Paths.field(path, "timeout"), Duration.ofMillis(1), MAX_TIMEOUT, problems);
        JsonNode retry = step.get("retry");
        if (retry != null) {
            checkDurationRange(retry.get("delay"), Paths.field(Paths.field(path, "retry"), "delay"), Duration.ZERO, Duration.ofHours(1), problems);
            checkDurationRange(retry.get("maxDelay"), Paths.field(Paths.field(path, "retry"), "maxDelay"), Duration.ZERO, Duration.ofHours(1), problems);
        }
        switch (kind) {
            case "transform" -> exactlyOne(step, path, problems, "script", "set");
            case "choice" -> {
                JsonNode when = step.get("when");
                for (int i = 0; when != null && when.isArray() && i < when.size(); i++) {
                    JsonNode cond = when.get(i).get("if");
                    if (cond != null && cond.isTextual() && !isSoleExpression(cond.asText())) {
                        problems.add(Problem.at("INVALID_VALUE", Paths.field(Paths.index(Paths.field(path, "when"), i), "if"),
                                "a condition must be one ${...} expression, e.g. \"${input.total > 100}\"; '" + cond.asText() + "' is "
                                        + whatItIs(cond.asText())));
                    }
                }
            }
            case "foreach" -> {
                JsonNode items = step.get("items");
                if (items != null && !items.isArray() && !(items.isTextual() && isSoleExpression(items.asText()))) {
                    problems.add(Problem.at("INVALID_VALUE", Paths.field(path, "items"),
                            "items must be a list or one ${...} expression giving a list, e.g. \"${input.lines}\""));
                }
            }
            case "connector-call" -> {
                atMostOne(step, path, problems, "connector", "connection", "uri");
                JsonNode connector = step.get("connector");
                if (connector != null && connector.isTextual() && !connector.asText().equals("http")) {
                    problems.add(Problem.at("UNKNOWN_CONNECTOR", Paths.field(path, "connector"),
                            "unknown connector '" + connector.asText() + "'" + Suggestions.didYouMean(connector.asText(), List.of("http"))
                                    + "; use connector: http, connection: <name> or uri: <camel endpoint>"));
                }
                boolean http = connector != null || !step.has("connection") && !step.has("uri");
                if (http && !step.path("with").has("url")) {
                    problems.add(Problem.at("MISSING_FIELD", Paths.field(Paths.field(path, "with"), "url"), "is required for connector: http"));
                }
            }
            case "delay" -> {
                boolean fixed = step.has("duration");
                boolean random = step.has("min") || step.has("max");
                if (fixed == random) {
                    problems.add(Problem.at(fixed ? "CONFLICTING_FIELDS" : "MISSING_FIELD", fixed ? path : Paths.field(path, "duration"),
                            "a delay needs either duration, or min and max"));
                } else if (random) {
                    if (!step.has("min") || !step.has("max")) {
                        problems.add(Problem.at("MISSING_FIELD", Paths.field(path, step.has("min") ? "max" : "min"), "is required with " + (step.has("min") ? "min" : "max")));
                    } else {
                        checkMinMax(step.get("min"), step.get("max"), Paths.field(path, "max"), problems);
                    }
                }
                for (String f : List.of("duration", "min", "max")) {
                    checkDurationRange(step.get(f), Paths.field(path, f), Duration.ZERO, MAX_TIMEOUT, problems);
                }
            }
            case "error-injection" -> {
                if (step.has("probability") && step.has("every")) {
                    problems.add(Problem.at("CONFLICTING_FIELDS", Paths.field(path, "every"), "use either probability or every, not both"));
                }
                String mode = step.path("mode").asText("");
                if (mode.equals("respond") && !step.has("response")) {
                    problems.add(Problem.at("MISSING_FIELD", Paths.field(path, "response"), "is required for mode respond"));
                }
                if (mode.equals("latency") && !step.has("latency")) {
                    problems.add(Problem.at("MISSING_FIELD", Paths.field(path, "latency"), "is required for mode latency"));
                }
                JsonNode latency = step.get("latency");
                if (latency != null && latency.has("min") && latency.has("max")) {
                    checkMinMax(latency.get("min"), latency.get("max"), Paths.field(Paths.field(path, "latency"), "max"), problems);
                }
                JsonNode code = step.path("error").get("code");
                if (code != null && code.isTextual() && !ERROR_CODE.matcher(code.asText()).matches()) {
                    problems.add(Problem.at("INVALID_VALUE", Paths.field(Paths.field(path, "error"), "code"),
                            "'" + code.asText() + "' is not an error code (UPPER_SNAKE_CASE, e.g. ERP_DOWN)"));
                }
            }
            default -> { }
        }
    }

    /** What a condition that is not one expression is: {@code $${x}} holds none, only the text {@code ${x}}. */
    private static String whatItIs(String text) {
        if (Template.parse(text).isLiteral()) { // it parses: a sole expression otherwise
            return "plain text" + (text.contains("$${") ? " ($${ writes a literal ${)" : "");
        }
        return "text with expressions in it";
    }

    private static boolean isSoleExpression(String text) {
        try {
            return Template.parse(text).soleExpression() != null;
        } catch (TemplateSyntaxException e) {
            return true; // reported as TEMPLATE_SYNTAX
        }
    }

    private static void atMostOne(JsonNode step, String path, List<Problem> problems, String... fields) {
        List<String> present = new ArrayList<>();
        for (String f : fields) {
            if (step.has(f)) {
                present.add(f);
            }
        }
        if (present.size() > 1) {
            problems.add(Problem.at("CONFLICTING_FIELDS", Paths.field(path, present.get(1)),
                    "use only one of " + String.join(", ", fields) + " (found " + String.join(" and ", present) + ")"));
        }
    }

    private static void exactlyOne(JsonNode step, String path, List<Problem> problems, String... fields) {
        List<String> present = new ArrayList<>();
        for (String f : fields) {
            if (step.has(f)) {
                present.add(f);
            }
        }
        if (present.isEmpty()) {
            problems.add(Problem.at("MISSING_FIELD", Paths.field(path, fields[0]), "one of " + String.join(", ", fields) + " is required"));
        } else if (present.size() > 1) {
            problems.add(Problem.at("CONFLICTING_FIELDS", Paths.field(path, present.get(1)),
                    "use only one of " + String.join(", ", fields) + " (found " + String.join(" and ", present) + ")"));
        }
    }

    private static void checkDurationRange(JsonNode value, String path, Duration min, Duration max, List<Problem> problems) {
        if (value == null || !value.isTextual() || !DurationText.isValid(value.asText())) {
            return;
        }
        Duration d = DurationText.parse(value.asText()).value();
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            problems.add(Problem.at("OUT_OF_RANGE", path, "must be between " + DurationText.format(min) + " and " + DurationText.format(max) + ", not " + value.asText()));
        }
    }

    private static void checkMinMax(JsonNode min, JsonNode max, String path, List<Problem> problems) {
        if (DurationText.isValid(min.asText()) && DurationText.isValid(max.asText())
                && DurationText.parse(min.asText()).value().compareTo(DurationText.parse(max.asText()).value()) > 0) {
            problems.add(Problem.at("OUT_OF_RANGE", path, "max (" + max.asText() + ") must not be less than min (" + min.asText() + ")"));
        }
    }


    private static void checkSignature(JsonNode signature, List<Problem> problems) {
        if (signature == null || !signature.isObject()) {
            return;
        }
        boolean one = signature.hasNonNull("secret");
        JsonNode many = signature.get("secrets");
        if (one && many != null) {
            problems.add(Problem.at("INVALID_VALUE", "trigger.signature", "give either secret or secrets, not both"));
        } else if (!one && many == null) {
            problems.add(Problem.at("MISSING_FIELD", "trigger.signature.secret", "a signature needs secret (or secrets, for rotation)"));
        } else if (many != null && many.isArray() && (many.isEmpty() || many.size() > MAX_SIGNATURE_SECRETS)) {
            problems.add(Problem.at("OUT_OF_RANGE", "trigger.signature.secrets",
                    "must list 1 to " + MAX_SIGNATURE_SECRETS + " secrets, not " + many.size()));
        }
        if (!"hmac".equals(signature.path("scheme").asText())) {
            for (String f : List.of("header", "algorithm", "encoding", "prefix")) {
                if (signature.has(f)) {
                    problems.add(Problem.at("INVALID_VALUE", "trigger.signature." + f, "applies to the hmac scheme only"));
                }
            }
        }
        boolean standard = "standard-webhooks".equals(signature.path("scheme").asText());
        if (one) {
            checkSecretText(signature.get("secret"), "trigger.signature.secret", standard, problems);
        } else if (many != null && many.isArray()) {
            for (int i = 0; i < many.size(); i++) {
                checkSecretText(many.get(i), "trigger.signature.secrets[" + i + "]", standard, problems);
            }
        }
        JsonNode header = signature.get("header");
        if (header != null && header.isTextual() && !HEADER_NAME.matcher(header.asText()).matches()) {
            problems.add(Problem.at("INVALID_VALUE", "trigger.signature.header", "'" + header.asText() + "' is not a header name"));
        }
    }

    /**
     * A secret written into the flow that no sender can sign with: every delivery would be refused, so it is refused
     * when the flow is saved. ({@code ${secrets.NAME}} is checked when a delivery arrives.)
     */
    private static void checkSecretText(JsonNode secret, String path, boolean standardWebhooks, List<Problem> problems) {
        if (secret == null || !secret.isTextual() || secret.asText().contains("${")) {
            return;
        }
        String text = secret.asText();
        if (text.isEmpty()) {
            problems.add(Problem.at("INVALID_VALUE", path, "an empty secret cannot sign anything; use ${secrets.NAME}"));
        } else if (standardWebhooks && text.startsWith("whsec_") && !isBase64Key(text.substring("whsec_".length()))) {
            problems.add(Problem.at("INVALID_VALUE", path,
                    "after whsec_ comes the base64 key the sender was given (Standard Webhooks senders decode it)"));
        }
    }

    private static boolean isBase64Key(String text) {
        try {
            return Base64.getDecoder().decode(text).length > 0;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static void checkTrigger(JsonNode trigger, List<Problem> problems) {
        if (!trigger.isObject()) {
            return;
        }
        String type = trigger.path("type").asText("");
        if (type.equals("webhook")) {
            JsonNode path = trigger.get("path");
            if (path == null) {
                problems.add(Problem.at("MISSING_FIELD", "trigger.path", "is required for a webhook trigger"));
            } else if (path.isTextual() && !WEBHOOK_PATH.matcher(path.asText()).matches()) {
                problems.add(Problem.at("INVALID_VALUE", "trigger.path", "'" + path.asText() + "' is not a webhook path "
                        + "(lower-case letters, digits, '-' and '_', in segments joined by single '/'; no '/' at either end)"));
            } else if (path.isTextual() && path.asText().length() > WEBHOOK_PATH_MAX) {
                problems.add(Problem.at("INVALID_VALUE", "trigger.path", "is " + path.asText().length()
                        + " characters long; at most " + WEBHOOK_PATH_MAX + " are allowed"));
            }
            checkSignature(trigger.get("signature"), problems);
        }
        if (type.equals("schedule")) {
            JsonNode cron = trigger.get("cron");
            if (cron == null) {
                problems.add(Problem.at("MISSING_FIELD", "trigger.cron", "is required for a schedule trigger"));
            } else if (cron.isTextual() && cron.asText().trim().split("\\s+").length != 6) {
                problems.add(Problem.at("INVALID_VALUE", "trigger.cron", "'" + cron.asText() + "' is not a six-field cron (second minute hour day month weekday)"));
            }
            JsonNode zone = trigger.get("timezone");
            if (zone != null && zone.isTextual() && !isZoneId(zone.asText())) {
                problems.add(Problem.at("INVALID_VALUE", "trigger.timezone", "'" + zone.asText()
                        + "' is not a time zone; use an IANA id such as Europe/Berlin or UTC"));
            }
        }
    }

    /** Region ids (Europe/Berlin) and UTC; fixed offsets such as +02:00 too, though they ignore daylight saving. */
    private static boolean isZoneId(String id) {
        try {
            ZoneId.of(id);
            return true;
        } catch (DateTimeException e) {
            return false;
        }
    }

    private static List<Problem> dedupe(List<Problem> problems) {
        return new ArrayList<>(new LinkedHashSet<>(problems));
    }
}
