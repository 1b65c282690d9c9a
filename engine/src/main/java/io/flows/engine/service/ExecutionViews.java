package io.flows.engine.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flows.engine.runtime.Jsons;
import io.flows.engine.store.ExecutionHead;
import io.flows.engine.store.ExecutionRow;
import io.flows.engine.store.StepRow;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/** How stored executions are shown, and how a start request is compared with an earlier one. */
final class ExecutionViews {

    private ExecutionViews() {
    }

    /** {@code stepRows}: the trace of a row without {@code stepsJson} (ignored for one with it). */
    static ObjectNode fromRow(ExecutionRow r, List<StepRow> stepRows) {
        ObjectNode n = summary(ExecutionHead.of(r));
        n.set("trigger", Jsons.read(r.triggerJson()));
        n.set("output", Jsons.read(r.outputJson()));
        n.set("error", Jsons.read(r.errorJson()));
        if (r.stepsJson() != null) {
            n.set("steps", Jsons.read(r.stepsJson()));
        } else {
            var list = n.putArray("steps");
            stepRows.forEach(s -> list.add(Jsons.read(s.entry())));
        }
        return n;
    }

    static ObjectNode summary(ExecutionHead r) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("id", r.id());
        n.put("flowId", r.flowId());
        n.put("flowVersion", r.flowVersion());
        n.put("status", r.status());
        n.put("queuedAt", r.queuedAt().toString());
        n.put("startedAt", r.startedAt() == null ? null : r.startedAt().toString());
        n.put("finishedAt", r.finishedAt() == null ? null : r.finishedAt().toString());
        n.put("durationMs", r.startedAt() == null || r.finishedAt() == null ? null
                : r.finishedAt().toEpochMilli() - r.startedAt().toEpochMilli());
        if (r.parentExecutionId() != null) {
            n.put("parentExecutionId", r.parentExecutionId());
        }
        n.set("error", Jsons.read(r.errorJson()));
        return n;
    }

    /**
     * The same JSON value with object keys sorted and numbers in one form, so neither key order nor the way a number
     * is written ({@code 1}, {@code 1.0}, {@code 1e0}) makes a "different body".
     */
    static JsonNode canonical(JsonNode n) {
        if (n != null && n.isNumber()) {
            return JsonNodeFactory.instance.numberNode(n.decimalValue().stripTrailingZeros());
        }
        if (n != null && n.isObject()) {
            ObjectNode sorted = JsonNodeFactory.instance.objectNode();
            List<String> names = new ArrayList<>();
            n.fieldNames().forEachRemaining(names::add);
            names.sort(null);
            names.forEach(k -> sorted.set(k, canonical(n.get(k))));
            return sorted;
        }
        if (n != null && n.isArray()) {
            var out = JsonNodeFactory.instance.arrayNode();
            n.forEach(e -> out.add(canonical(e)));
            return out;
        }
        return n;
    }

    /** Marks a fingerprint of body and query; one without it is the hex hash of the body alone, made before. */
    private static final String BODY_AND_QUERY = "q1:";

    /**
     * The fingerprint of a start with an Idempotency-Key: its body and its query parameters (those the flow sees), so
     * that the same key with either changed is another request.
     */
    static String requestHash(ObjectNode trigger) {
        // compact JSON holds no line break, so the two parts cannot run into each other
        String request = Jsons.write(canonical(trigger.get("body"))) + "\n" + Jsons.write(canonical(trigger.get("query")));
        return BODY_AND_QUERY + Base64.getUrlEncoder().withoutPadding().encodeToString(sha256(request));
    }

    /**
     * Whether a stored fingerprint is this start's. One stored before the query counted covers the body alone and is
     * compared so, for the hours its key is kept: a retry across the upgrade still finds its execution.
     */
    static boolean sameRequest(String stored, ObjectNode trigger) {
        return stored.startsWith(BODY_AND_QUERY)
                ? stored.equals(requestHash(trigger))
                : stored.equals(HexFormat.of().formatHex(sha256(Jsons.write(canonical(trigger.get("body"))))));
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
