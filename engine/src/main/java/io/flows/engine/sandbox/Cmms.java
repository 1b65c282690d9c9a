package io.flows.engine.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The stand-in maintenance system (CMMS): turns a maintenance alert into a work order. Work order
 * numbers count per asset; an alert already seen answers its existing work order (200).
 */
final class Cmms {

    private static final JsonNodeFactory JSON = JsonNodeFactory.withExactBigDecimals(true);

    private record Rule(String priority, int respondWithinHours) {}

    /** Severity → priority and how many hours the team has to respond. */
    private static final Map<String, Rule> SEVERITIES = Map.of(
            "critical", new Rule("P1", 4),
            "high", new Rule("P2", 24),
            "medium", new Rule("P3", 72),
            "low", new Rule("P4", 168));

    /** Asset id prefix → the team that owns such assets. */
    private static final Map<String, String> TEAMS = Map.of(
            "PUMP", "mechanical",
            "CONV", "mechanical",
            "COMP", "mechanical",
            "MOTOR", "electrical",
            "PLC", "electrical",
            "HVAC", "facilities");

    private final Clock clock;
    private final Map<String, ObjectNode> byId = new LinkedHashMap<>();
    private final Map<String, String> byAlert = new HashMap<>();
    private final Map<String, Integer> perAsset = new HashMap<>();

    Cmms(Clock clock) {
        this.clock = clock;
    }

    synchronized SandboxResponse create(JsonNode request) {
        JsonNode body = Fields.object(request);
        String alertId = Fields.id(body, "alertId", "alertId");
        String assetId = Fields.id(body, "assetId", "assetId");
        String severity = Fields.text(body, "severity", "severity").toLowerCase(Locale.ROOT);
        Rule rule = SEVERITIES.get(severity);
        if (rule == null) {
            throw new BadInput("severity must be one of critical, high, medium, low, not '" + severity + "'");
        }
        String summary = Fields.text(body, "summary", "summary");
        String known = byAlert.get(alertId);
        if (known != null) {
            return new SandboxResponse(200, byId.get(known).deepCopy());
        }
        int n = perAsset.merge(assetId, 1, Integer::sum);
        String workOrderId = "WO-" + assetId + "-" + n;
        ObjectNode wo = JSON.objectNode();
        wo.put("workOrderId", workOrderId);
        wo.put("alertId", alertId);
        wo.put("assetId", assetId);
        wo.put("summary", summary);
        wo.put("priority", rule.priority());
        wo.put("team", team(assetId));
        wo.put("status", "open");
        wo.put("respondWithinHours", rule.respondWithinHours());
        wo.put("createdAt", clock.instant().toString());
        wo.put("dueBy", clock.instant().plus(Duration.ofHours(rule.respondWithinHours())).toString());
        byId.put(workOrderId, wo);
        byAlert.put(alertId, workOrderId);
        return new SandboxResponse(201, wo.deepCopy());
    }

    synchronized SandboxResponse get(String workOrderId) {
        ObjectNode wo = byId.get(workOrderId);
        return wo == null
                ? SandboxResponse.error(404, "work order '" + workOrderId + "' does not exist")
                : new SandboxResponse(200, wo.deepCopy());
    }

    private static String team(String assetId) {
        int dash = assetId.indexOf('-');
        String prefix = (dash < 0 ? assetId : assetId.substring(0, dash)).toUpperCase(Locale.ROOT);
        return TEAMS.getOrDefault(prefix, "maintenance");
    }
}
