package io.flows.dsl;

import com.fasterxml.jackson.databind.JsonNode;
import io.flows.dsl.model.Flow;
import io.flows.dsl.parse.DocumentParser;
import io.flows.dsl.parse.FlowBinder;
import io.flows.dsl.parse.FlowSyntaxException;
import io.flows.dsl.parse.Format;
import io.flows.dsl.parse.ParseLimits;
import io.flows.dsl.parse.ParsedDocument;
import io.flows.dsl.validate.FlowValidator;
import io.flows.dsl.validate.Problem;
import java.util.Comparator;
import java.util.List;

/**
 * The entry point of the flow language: reads a JSON or YAML document, validates it and binds it
 * to {@link Flow}. Checks that need a JavaScript parser (expression and script syntax) live in
 * the {@code steps} module and are added by callers.
 */
public final class FlowDsl {

    private final DocumentParser parser;
    private final FlowValidator validator = new FlowValidator();
    private final FlowBinder binder = new FlowBinder();

    public FlowDsl(ParseLimits limits) {
        this.parser = new DocumentParser(limits);
    }

    public FlowDsl() {
        this(ParseLimits.defaults());
    }

    /** Parses and validates; never throws for bad input. */
    public Result read(byte[] bytes, Format format) {
        ParsedDocument doc;
        try {
            doc = parser.parse(bytes, format);
        } catch (FlowSyntaxException e) {
            return new Result(null, null, List.of(e.problem()), List.of());
        }
        return check(doc);
    }

    /** Validates an already parsed document. */
    public Result check(ParsedDocument doc) {
        FlowValidator.Findings found = validator.check(doc.root(), doc.format(), doc.mergeKeys(), doc.ignoredTags());
        List<Problem> problems = inDocumentOrder(located(found.problems(), doc));
        List<Problem> warnings = inDocumentOrder(located(found.warnings(), doc));
        if (!problems.isEmpty()) {
            return new Result(doc, null, problems, warnings);
        }
        try {
            return new Result(doc, binder.bind(doc.root()), List.of(), warnings);
        } catch (FlowSyntaxException e) {
            return new Result(doc, null, located(List.of(e.problem()), doc), warnings);
        }
    }

    private static List<Problem> located(List<Problem> problems, ParsedDocument doc) {
        // located by the path as read, then said without half a surrogate pair a key may hold
        return problems.stream().map(p -> p.located(doc.locate(p.path())).wellFormed()).toList();
    }

    /**
     * By line and column (stable, unlocated ones last): the checks find them stage by stage and field by field, not
     * in the order they were written.
     */
    private static List<Problem> inDocumentOrder(List<Problem> found) {
        return found.stream()
                .sorted(Comparator.comparing((Problem w) -> w.line() == null ? Integer.MAX_VALUE : w.line())
                        .thenComparing(w -> w.column() == null ? Integer.MAX_VALUE : w.column()))
                .toList();
    }

    /** Binds a tree without location info (e.g. a flow built in code); validates first. */
    public Result fromTree(JsonNode root) {
        return check(new ParsedDocument(root, java.util.Map.of(), Format.JSON, root.toString()));
    }

    /**
     * The outcome of reading a flow.
     *
     * @param document the parsed tree with locations (null when the text did not parse)
     * @param flow     the bound flow, or null when there are problems
     * @param problems what makes the document invalid (empty when valid)
     * @param warnings what it says but will not do; they never make it invalid
     */
    public record Result(ParsedDocument document, Flow flow, List<Problem> problems, List<Problem> warnings) {
        public boolean valid() {
            return problems.isEmpty();
        }

        /**
         * This result with the problems a later stage of checks found added, in document order (the stages check
         * every parsed document, so that one answer lists every problem); its warnings stay.
         */
        public Result withProblems(List<Problem> found) {
            // a value that is wrong gets one problem and no warning: the first stage's, else the later one's
            java.util.Set<String> wrong = new java.util.HashSet<>();
            problems.forEach(p -> wrong.add(p.path()));
            List<Problem> added = found.stream().map(Problem::wellFormed).filter(p -> wrong.add(p.path())).toList();
            if (added.isEmpty()) {
                return this;
            }
            List<Problem> all = new java.util.ArrayList<>(problems);
            all.addAll(added);
            List<Problem> stillSaid = warnings.stream().filter(w -> !wrong.contains(w.path())).toList();
            return new Result(document, null, inDocumentOrder(all), stillSaid);
        }
    }
}
