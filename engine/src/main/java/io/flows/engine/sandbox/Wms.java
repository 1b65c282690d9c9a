package io.flows.engine.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The stand-in warehouse (WMS): stock levels of a fixed catalogue of articles, reservations that
 * lower what is available, and back-orders for what is not. A reservation or back-order is keyed
 * by its reference and SKU; sending it again answers the one already made (200).
 */
final class Wms {

    private static final JsonNodeFactory JSON = JsonNodeFactory.withExactBigDecimals(true);

    private record Article(String sku, String description, String location, int onHand, int leadTimeDays) {}

    private static final Article[] CATALOGUE = {
        new Article("BRG-6204-2RS", "Deep groove ball bearing 6204-2RS, 20x47x14 mm", "A-01-03", 240, 5),
        new Article("FLT-HYD-10M", "Hydraulic return filter element, 10 micron", "A-02-11", 18, 10),
        new Article("VBELT-SPA-1250", "V-belt SPA 1250 Lw", "A-04-02", 6, 7),
        new Article("PMP-SEAL-KIT-40", "Mechanical seal kit for 40 mm pump shafts", "B-01-07", 3, 21),
        new Article("GLV-NIT-L", "Nitrile gloves, size L, box of 100", "C-03-01", 520, 3),
        new Article("PLT-EUR-1200", "EUR pallet 1200x800 mm", "Y-00-01", 75, 2),
        new Article("LBL-THERM-100X150", "Thermal shipping labels 100x150 mm, roll of 500", "C-01-05", 0, 4),
        new Article("BOLT-M8X40-ZN", "Hex bolt M8x40, zinc plated, pack of 100", "B-06-12", 1200, 5),
        new Article("MTR-IE3-4KW", "Electric motor IE3 4 kW, 1500 rpm", "D-02-01", 2, 30),
        new Article("OIL-ISO46-20L", "Hydraulic oil ISO VG 46, 20 l", "E-01-01", 0, 6),
    };

    private final Clock clock;
    private final Map<String, Article> articles = new LinkedHashMap<>();
    private final Map<String, Integer> reserved = new HashMap<>();
    private final Map<String, ObjectNode> reservations = new LinkedHashMap<>();
    private final Map<String, ObjectNode> backorders = new LinkedHashMap<>();

    Wms(Clock clock) {
        this.clock = clock;
        for (Article a : CATALOGUE) {
            articles.put(a.sku(), a);
        }
    }

    synchronized SandboxResponse stock(String sku) {
        Article a = articles.get(sku);
        if (a == null) {
            return unknown(sku);
        }
        return new SandboxResponse(200, level(a));
    }

    synchronized SandboxResponse allStock() {
        ArrayNode all = JSON.arrayNode();
        articles.values().forEach(a -> all.add(level(a)));
        return new SandboxResponse(200, all);
    }

    synchronized SandboxResponse reserve(JsonNode request) {
        JsonNode body = Fields.object(request);
        String reference = Fields.id(body, "reference", "reference");
        String sku = Fields.text(body, "sku", "sku");
        int qty = Fields.quantity(body, "qty", "qty");
        Article a = articles.get(sku);
        if (a == null) {
            return unknown(sku);
        }
        String id = "RES-" + reference + "-" + sku;
        ObjectNode existing = reservations.get(id);
        if (existing != null) {
            return new SandboxResponse(200, existing.deepCopy());
        }
        int available = available(a);
        if (qty > available) {
            ObjectNode answer = JSON.objectNode()
                    .put("error", "cannot reserve " + qty + " of " + sku + ": only " + available + " available")
                    .put("sku", sku).put("requested", qty).put("available", available);
            return new SandboxResponse(409, answer);
        }
        reserved.merge(sku, qty, Integer::sum);
        ObjectNode r = JSON.objectNode()
                .put("reservationId", id).put("reference", reference).put("sku", sku).put("qty", qty)
                .put("location", a.location()).put("status", "reserved").put("availableAfter", available(a));
        reservations.put(id, r);
        return new SandboxResponse(201, r.deepCopy());
    }

    synchronized SandboxResponse backorder(JsonNode request) {
        JsonNode body = Fields.object(request);
        String reference = Fields.id(body, "reference", "reference");
        String sku = Fields.text(body, "sku", "sku");
        int qty = Fields.quantity(body, "qty", "qty");
        Article a = articles.get(sku);
        if (a == null) {
            return unknown(sku);
        }
        String id = "BO-" + reference + "-" + sku;
        ObjectNode existing = backorders.get(id);
        if (existing != null) {
            return new SandboxResponse(200, existing.deepCopy());
        }
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        ObjectNode b = JSON.objectNode()
                .put("backorderId", id).put("reference", reference).put("sku", sku).put("qty", qty)
                .put("status", "backordered").put("leadTimeDays", a.leadTimeDays())
                .put("expectedOn", today.plusDays(a.leadTimeDays()).toString());
        backorders.put(id, b);
        return new SandboxResponse(201, b.deepCopy());
    }

    private ObjectNode level(Article a) {
        return JSON.objectNode()
                .put("sku", a.sku()).put("description", a.description()).put("location", a.location())
                .put("onHand", a.onHand()).put("reserved", reserved.getOrDefault(a.sku(), 0))
                .put("available", available(a)).put("leadTimeDays", a.leadTimeDays());
    }

    private int available(Article a) {
        return a.onHand() - reserved.getOrDefault(a.sku(), 0);
    }

    private static SandboxResponse unknown(String sku) {
        return SandboxResponse.error(404, "unknown SKU '" + sku + "'");
    }
}
