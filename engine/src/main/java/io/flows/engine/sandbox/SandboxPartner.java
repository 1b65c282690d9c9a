package io.flows.engine.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The built-in stand-in partner systems that samples, tests and first-time users call: an ERP, a
 * maintenance system (CMMS), a warehouse (WMS) and a message queue. In memory, thread-safe and
 * deterministic: ids are derived from the request or counted, times come from the injected clock.
 * Independent of any server; the service mounts it under {@code /sandbox}.
 *
 * <p>Paths, relative to the mount point:
 * <ul>
 *   <li>{@code POST /erp/orders} {orderId, customer, items[{sku, qty, price}], currency?} → 201
 *       {erpId: "ERP-<orderId>", status: "accepted", total, ...}; {@code GET /erp/orders/{erpId}}</li>
 *   <li>{@code POST /cmms/work-orders} {alertId, assetId, severity, summary} → 201
 *       {workOrderId: "WO-<assetId>-<n>", priority: P1..P4, team, ...}; {@code GET /cmms/work-orders/{id}}</li>
 *   <li>{@code GET /wms/stock} and {@code GET /wms/stock/{sku}} → {sku, onHand, reserved, available, ...}</li>
 *   <li>{@code POST /wms/reservations} and {@code POST /wms/backorders} {reference, sku, qty}</li>
 *   <li>{@code POST /queue/{name}} any JSON → 202 {messageId, position}; {@code GET /queue/{name}}</li>
 * </ul>
 * Bad input answers 400 {error}, an unknown thing 404 {error}, a method the path does not take 405 {error} with
 * {@code Allow}; OPTIONS answers 204 with {@code Allow}, HEAD as GET does. Any request with
 * {@code ?simulate=<status>} (400 to 599) answers that status instead, for QA scenarios.
 */
public final class SandboxPartner {

    private static final Pattern ONE = Pattern.compile("/(erp/orders|cmms/work-orders|wms/stock|queue)/([^/]+)");

    private final Erp erp;
    private final Cmms cmms;
    private final Wms wms;
    private final Queues queues = new Queues();

    public SandboxPartner(Clock clock) {
        this.erp = new Erp(clock);
        this.cmms = new Cmms(clock);
        this.wms = new Wms(clock);
    }

    /**
     * Answers one request.
     *
     * @param method the HTTP method
     * @param path   the path below the mount point, e.g. {@code /wms/stock/BRG-6204-2RS} (URL-decoded)
     * @param query  the query parameters (may be null)
     * @param body   the parsed JSON body, or null when there is none
     */
    public SandboxResponse handle(String method, String path, Map<String, String> query, JsonNode body) {
        String m = method == null ? "GET" : method.toUpperCase(java.util.Locale.ROOT);
        String p = normalise(path);
        String simulate = query == null ? null : query.get("simulate");
        try {
            if (simulate != null && !simulate.isBlank()) {
                return simulated(simulate.strip(), m, p);
            }
            return route(m, p, body);
        } catch (BadInput e) {
            return SandboxResponse.error(400, e.getMessage());
        }
    }

    private SandboxResponse route(String m, String p, JsonNode body) {
        String allowed = allowed(p);
        if (allowed == null) {
            return SandboxResponse.error(404, "nothing at " + p + "; the sandbox serves /erp/orders, "
                    + "/cmms/work-orders, /wms/stock/{sku}, /wms/reservations, /wms/backorders and /queue/{name}");
        }
        // HEAD is GET without the body (the server leaves it out)
        String method = m.equals("HEAD") ? "GET" : m;
        if (method.equals("OPTIONS")) {
            return new SandboxResponse(204, null, allowHeader(allowed));
        }
        if (!List.of(allowed.split(", ")).contains(method)) {
            String message = m + " is not allowed on " + p + "; use " + allowed;
            return new SandboxResponse(405, SandboxResponse.error(405, message).body(), allowHeader(allowed));
        }
        switch (p) {
            case "/erp/orders":
                return erp.create(body);
            case "/cmms/work-orders":
                return cmms.create(body);
            case "/wms/stock":
                return wms.allStock();
            case "/wms/reservations":
                return wms.reserve(body);
            case "/wms/backorders":
                return wms.backorder(body);
            default:
                Matcher one = ONE.matcher(p);
                if (!one.matches()) {
                    throw new IllegalStateException("no route for " + p + ", which allowed() serves");
                }
                return one(method, one.group(1), one.group(2), body);
        }
    }

    /** A request to one thing of a collection ({@code /queue/{name}}, {@code /erp/orders/{id}}, ...). */
    private SandboxResponse one(String method, String collection, String id, JsonNode body) {
        return switch (collection) {
            case "queue" -> method.equals("POST") ? queues.put(id, body) : queues.list(id);
            case "erp/orders" -> erp.get(id);
            case "cmms/work-orders" -> cmms.get(id);
            default -> wms.stock(id);
        };
    }

    /** The methods a path takes, as the 405 names them; null for a path the sandbox does not serve. */
    private static String allowed(String p) {
        switch (p) {
            case "/erp/orders", "/cmms/work-orders", "/wms/reservations", "/wms/backorders":
                return "POST";
            case "/wms/stock":
                return "GET";
            default:
                break;
        }
        Matcher one = ONE.matcher(p);
        if (!one.matches()) {
            return null;
        }
        return one.group(1).equals("queue") ? "GET, POST" : "GET";
    }

    private static String allowHeader(String allowed) {
        return (allowed.contains("GET") ? allowed.replace("GET", "GET, HEAD") : allowed) + ", OPTIONS";
    }

    private static SandboxResponse simulated(String simulate, String m, String p) {
        int status;
        try {
            status = Integer.parseInt(simulate);
        } catch (NumberFormatException e) {
            throw new BadInput("simulate must be an HTTP status from 400 to 599, not '" + simulate + "'");
        }
        if (status < 400 || status > 599) {
            throw new BadInput("simulate must be an HTTP status from 400 to 599, not " + status);
        }
        return SandboxResponse.error(status, "simulated " + status + " for " + m + " " + p + " (?simulate=" + status + ")");
    }

    private static String normalise(String path) {
        if (path == null || path.isEmpty()) {
            return "/";
        }
        String p = path.startsWith("/") ? path : "/" + path;
        while (p.length() > 1 && p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p;
    }
}
