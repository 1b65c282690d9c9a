package io.flows.engine.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flows.dsl.validate.Problem;
import io.flows.engine.secrets.Redactor;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import java.util.List;

/**
 * Writes RFC 9457 bodies: {@code {type, title, status, detail, errors?}}. The type is always {@code about:blank},
 * so the title is the status's phrase ("Not Found"), as RFC 9457 asks: one title per status, whoever answers (our
 * code or the framework's), and the detail says what went wrong.
 */
final class ProblemJson {

    static final MediaType PROBLEM = MediaType.of("application/problem+json");

    private ProblemJson() {
    }

    static ObjectNode body(HttpStatus status, String detail, List<Problem> errors) {
        return body(status, detail, errors, List.of());
    }

    /** With {@code warnings} (an extension member, like {@code errors}) when there are some. */
    static ObjectNode body(HttpStatus status, String detail, List<Problem> errors, List<Problem> warnings) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("type", "about:blank");
        n.put("title", status.getReason());
        n.put("status", status.getCode());
        // a detail may quote what a partner or a script said, secrets included
        n.put("detail", Redactor.shared().redact(detail));
        if (errors != null && !errors.isEmpty()) {
            n.set("errors", errors(errors));
        }
        if (!warnings.isEmpty()) {
            n.set("warnings", errors(warnings));
        }
        return n;
    }

    static ArrayNode errors(List<Problem> problems) {
        ArrayNode list = JsonNodeFactory.instance.arrayNode();
        for (Problem p : problems) {
            ObjectNode e = list.addObject();
            e.put("code", p.code());
            // a path names fields, and a field may be named after a secret (a header in a connection profile)
            e.put("path", Redactor.shared().redact(p.path()));
            if (p.line() != null) {
                e.put("line", p.line());
                e.put("column", p.column());
            }
            e.put("message", Redactor.shared().redact(p.message()));
        }
        return list;
    }
}
