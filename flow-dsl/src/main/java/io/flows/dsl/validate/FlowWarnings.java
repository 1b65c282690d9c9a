package io.flows.dsl.validate;

import com.fasterxml.jackson.databind.JsonNode;
import io.flows.dsl.expr.Template;
import io.flows.dsl.expr.TemplateSyntaxException;
import io.flows.dsl.kinds.ConnectorCall;
import io.flows.dsl.model.DurationText;
import io.flows.dsl.model.Flow;
import io.flows.dsl.parse.Format;
import io.flows.dsl.parse.Paths;
import io.flows.dsl.schema.FlowSchemas;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Finds what a flow says but will not do: settings that the step ignores as written, and constants it can never
 * work with. Unlike a
 * {@link FlowValidator} problem, a warning neither blocks a save nor stops a stored version from
 * running — a rule added here cannot break flows that were saved before it existed, which is why
 * new rules about flows that do run belong here rather than in the validator.
 */
final class FlowWarnings {

    /** Which fields each {@code error-injection} mode reads; the others are ignored. */
    private static final Map<String, Set<String>> INJECTION_FIELDS = Map.of(
            "fail", Set.of("error"),
            "latency", Set.of("latency"),
            "timeout", Set.of(),
            "respond", Set.of("response"));
    private static final List<String> MODE_FIELDS = List.of("error", "latency", "response");
    /** Which trigger fields each trigger type reads (as {@code Trigger} declares them); the others are ignored. */
    private static final Map<String, Set<String>> TRIGGER_FIELDS = Map.of(
            "manual", Set.of(),
            "webhook", Set.of("path", "signature", "idempotencyKey", "orderingKey", "sequence"),
            "schedule", Set.of("cron", "timezone", "input", "misfire"));
    private static final Pattern FLOW_ID = Pattern.compile(Flow.ID_PATTERN);

    private FlowWarnings() {
    }

    /**
     * What a control step does with a block left empty, by kind and field; other blocks are said in general terms.
     * Optional blocks ({@code catch}, {@code otherwise}) and a branch's own steps are left alone: empty, they mean
     * "do nothing" on purpose (swallow the error, take this case and not the next).
     */
    private static final Map<String, String> EMPTY_BLOCKS = Map.of(
            "foreach.steps", "nothing runs for the elements: the step's output is its items as they are",
            "try.steps", "nothing runs, and its catch steps never do: the step's output is its input",
            "parallel.branches", "nothing runs: the step's output is {}",
            "choice.when", "nothing runs: the step's output is its input");

    /** Adds the warnings of one step, of kind {@code kind} (null when unknown), to {@code warnings}. */
    static void check(String kind, JsonNode step, String path, Format format, List<Problem> warnings) {
        if (kind != null) {
            emptyBlocks(kind, step, path, warnings);
        }
        retry(step.path("retry"), Paths.field(path, "retry"), warnings);
        if ("error-injection".equals(kind)) {
            errorInjection(step, path, format, warnings);
        } else if ("call-flow".equals(kind)) {
            String flow = asWritten(step.get("flow"));
            if (flow != null && (!FLOW_ID.matcher(flow).matches() || flow.length() > Flow.ID_MAX_LENGTH)) {
                warnings.add(Problem.at("ALWAYS_FAILS", Paths.field(path, "flow"), "'" + flow + "' is not a flow id"
                        + " (lower-case letters, digits and '-', starting with a letter or digit; at most "
                        + Flow.ID_MAX_LENGTH + " characters), so no flow has it and the step always fails" + noEscape(flow)));
            }
        } else if ("connector-call".equals(kind)) {
            connectorCall(step, path, warnings);
        }
    }

    /**
     * Trigger fields its type does not read: a manual trigger with a cron never fires on it (the type was not
     * changed to schedule), and nothing would say so. Warnings, not problems: stored flows with such a slip must
     * keep loading, and they run as they always did.
     */
    static void trigger(JsonNode trigger, List<Problem> warnings) {
        String type = trigger.path("type").asText("");
        Set<String> read = TRIGGER_FIELDS.get(type);
        if (read == null) {
            return; // no type, or an unknown one: a problem already
        }
        for (Iterator<String> names = trigger.fieldNames(); names.hasNext(); ) {
            String field = names.next();
            String owner = TRIGGER_FIELDS.entrySet().stream().filter(e -> e.getValue().contains(field))
                    .map(Map.Entry::getKey).findFirst().orElse(null);
            if (owner != null && !read.contains(field)) {
                warnings.add(Problem.at("IGNORED_FIELD", Paths.field("trigger", field), "a " + type + " trigger does not"
                        + " use " + field + "; it is used only by a " + owner + " trigger (remove it, or change the type to "
                        + owner + ")"));
            }
        }
    }

    /**
     * A block of steps the control step exists to run, left empty ({@code when: []}, {@code branches: {}},
     * {@code steps: []}): the schema accepts it, and so must the validator, through which stored flows load.
     */
    private static void emptyBlocks(String kind, JsonNode step, String path, List<Problem> warnings) {
        JsonNode schema = FlowSchemas.get().kind(kind);
        for (JsonNode name : schema.path("required")) {
            String field = name.asText();
            JsonNode value = step.get(field);
            if (value == null || !value.isContainerNode() || !value.isEmpty() || !holdsSteps(schema.path("properties").path(field))) {
                continue;
            }
            String outcome = EMPTY_BLOCKS.getOrDefault(kind + "." + field, "the step runs none of its steps");
            if (kind.equals("choice") && step.path("otherwise").isArray() && !step.path("otherwise").isEmpty()) {
                outcome = "no branch is ever taken: the otherwise steps always run";
            }
            warnings.add(Problem.at("EMPTY_BLOCK", Paths.field(path, field), field + " is empty, so " + outcome
                    + "; add steps, or remove the " + kind + " step"));
        }
    }

    /** Whether a field holds steps: a list or map of them, or a list of objects that do (a choice's branches). */
    private static boolean holdsSteps(JsonNode property) {
        if (property.has(FlowSchemas.X_STEPS)) {
            return true;
        }
        for (JsonNode inner : property.path("items").path("properties")) {
            if (inner.has(FlowSchemas.X_STEPS)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Constants the call can never be made with. (Stored flows are checked by the same validator when they load, so
     * these cannot become errors without stopping flows whose failing step sits in a branch never taken.)
     */
    private static void connectorCall(JsonNode step, String path, List<Problem> warnings) {
        String connection = asWritten(step.get("connection"));
        if (connection != null && !ConnectorCall.CONNECTION_NAME.matcher(connection).matches()) {
            warnings.add(Problem.at("ALWAYS_FAILS", Paths.field(path, "connection"), "'" + connection + "' is not a"
                    + " connection name (1 to 100 letters, digits, '_', '.' or '-', starting with a letter or digit),"
                    + " so no connection has it and the step always fails" + noEscape(connection)));
        }
        boolean http = step.has("connector") || !step.has("connection") && !step.has("uri");
        String url = rendered(step.path("with").get("url"));
        String wrong = http && url != null ? notAnHttpUrl(url) : null;
        if (wrong != null) {
            warnings.add(Problem.at("ALWAYS_FAILS", Paths.field(Paths.field(path, "with"), "url"), "'" + url + "' "
                    + wrong + ", so the step always fails; connector: http needs an absolute http:// or https:// URL"));
        }
        // a warning, not a problem: flows saved before this rule, with such a typo, must still run
        JsonNode accepted = step.path("acceptStatus");
        for (int i = 0; i < accepted.size(); i++) {
            JsonNode status = accepted.get(i);
            if (status.isIntegralNumber() && (status.asLong() < 100 || status.asLong() > 599)) {
                warnings.add(Problem.at("NEVER_MATCHES", Paths.index(Paths.field(path, "acceptStatus"), i), status.asText()
                        + " is no HTTP status (100 to 599), so no answer matches it"));
            }
        }
    }

    /** What keeps a URL from being called, as the HTTP connector reads it; null for one it can call. */
    private static String notAnHttpUrl(String url) {
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            return "is not a URL (" + e.getReason() + " at index " + e.getIndex() + ")";
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return uri.getScheme() == null ? "is not an absolute URL" : "is not an http(s) URL";
        }
        return uri.getRawAuthority() == null || uri.getRawAuthority().isEmpty() ? "has no host" : null;
    }

    /**
     * The text a field that is not evaluated gives the step: as written, {@code $${} included (there is nothing to
     * read it as an escape); null when it holds a {@code ${...}}, whose value the author expected (NOT_EVALUATED).
     */
    private static String asWritten(JsonNode value) {
        if (value == null || !value.isTextual()) {
            return null;
        }
        String text = value.asText();
        if (!Template.containsExpression(text)) {
            return text;
        }
        try {
            return Template.parse(text).isLiteral() ? text : null;
        } catch (TemplateSyntaxException e) {
            return text; // a '${' never closed is no template: the text as written is what the step gets
        }
    }

    /**
     * The text an evaluated field gives the step when it holds no {@code ${...}} ({@code $${} read as {@code ${});
     * null when it does (its value is known only at run time) or when it does not parse (TEMPLATE_SYNTAX).
     */
    private static String rendered(JsonNode value) {
        if (value == null || !value.isTextual()) {
            return null;
        }
        try {
            Template template = Template.parse(value.asText());
            return template.isLiteral() ? ((Template.Literal) template.parts().get(0)).text() : null;
        } catch (TemplateSyntaxException e) {
            return null;
        }
    }

    /** Says that {@code $${} stays {@code $${} in {@code text}, a value written as it is: it is no escape there. */
    private static String noEscape(String text) {
        return text.contains("$${") ? " ($${ is no escape here: this field is not evaluated, so its text is used as"
                + " written)" : "";
    }

    private static void errorInjection(JsonNode step, String path, Format format, List<Problem> warnings) {
        String mode = step.path("mode").asText("");
        Set<String> read = INJECTION_FIELDS.get(mode);
        if (read == null) {
            return; // an unknown mode is an error already
        }
        for (String field : MODE_FIELDS) {
            if (step.has(field) && !read.contains(field)) {
                warnings.add(Problem.at("IGNORED_FIELD", Paths.field(path, field), "mode " + mode + " does not use "
                        + field + "; it is used only by mode " + modeUsing(field) + " (remove it or change the mode)"));
            }
        }
        if (step.has("seed") && !randomFiring(step) && !randomLatency(mode, step.path("latency"))) {
            warnings.add(Problem.at("IGNORED_FIELD", Paths.field(path, "seed"), "a seed repeats random choices,"
                    + " and this step makes none: it needs a probability between 0 and 1, or mode latency with a"
                    + " latency.max above latency.min"));
        }
        JsonNode response = step.get("response");
        if (mode.equals("respond") && response != null && (response.isNull() || response.isTextual() && response.asText().isEmpty())) {
            // in YAML, lines under response: indented too little leave it empty; JSON has no such slip
            warnings.add(Problem.at("EMPTY_VALUE", Paths.field(path, "response"), "the canned response is empty ("
                    + (response.isNull() ? "null" : "\"\"") + "), so that is the step's output"
                    + (format == Format.YAML ? "; check the indentation of the lines under response:" : "")));
        }
        if (mode.equals("latency")) {
            for (String bound : List.of("min", "max")) {
                JsonNode value = step.path("latency").get(bound);
                if (value != null && value.isTextual() && DurationText.isValid(value.asText())
                        && DurationText.parse(value.asText()).value().compareTo(FlowValidator.MAX_TIMEOUT) > 0) {
                    warnings.add(Problem.at("LONG_WAIT", Paths.field(Paths.field(path, "latency"), bound),
                            value.asText() + " is longer than 24h, the longest wait a delay step accepts;"
                                    + " check the unit (e.g. 25s, not 25h)"));
                }
            }
        }
    }

    /** Whether the step rolls a die on each call: a probability strictly between 0 and 1 (0 never fires, 1 always). */
    private static boolean randomFiring(JsonNode step) {
        JsonNode p = step.get("probability");
        return p != null && p.isNumber() && p.doubleValue() > 0 && p.doubleValue() < 1;
    }

    /** Whether the injected wait is drawn at random: a max above the min. */
    private static boolean randomLatency(String mode, JsonNode latency) {
        JsonNode min = latency.get("min");
        JsonNode max = latency.get("max");
        if (!mode.equals("latency") || min == null || max == null) {
            return false;
        }
        Duration low = duration(min);
        Duration high = duration(max);
        return low == null || high == null || high.compareTo(low) > 0; // unreadable ones are errors already
    }

    /**
     * A retry whose delay is above its maxDelay: each wait is delay times the multiplier, so every one of them is
     * capped to maxDelay and the delay written is never waited.
     */
    private static void retry(JsonNode retry, String path, List<Problem> warnings) {
        Duration delay = duration(retry.path("delay"));
        Duration maxDelay = duration(retry.path("maxDelay"));
        if (delay != null && maxDelay != null && delay.compareTo(maxDelay) > 0) {
            warnings.add(Problem.at("IGNORED_FIELD", Paths.field(path, "delay"), retry.path("delay").asText()
                    + " is more than maxDelay (" + retry.path("maxDelay").asText() + "), which caps every wait, so"
                    + " each wait is " + retry.path("maxDelay").asText() + " and this delay is not used (lower it, or"
                    + " raise maxDelay)"));
        }
    }

    private static Duration duration(JsonNode value) {
        return value.isTextual() && DurationText.isValid(value.asText()) ? DurationText.parse(value.asText()).value() : null;
    }

    private static String modeUsing(String field) {
        return INJECTION_FIELDS.entrySet().stream().filter(e -> e.getValue().contains(field))
                .map(Map.Entry::getKey).findFirst().orElseThrow();
    }
}
