package io.flows.engine.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The stand-in ERP: accepts sales orders and answers them by id. Posting the same order id again
 * answers the order already booked (200), so a retried call books nothing twice.
 */
final class Erp {

    private static final JsonNodeFactory JSON = JsonNodeFactory.withExactBigDecimals(true);

    private final Clock clock;
    private final Map<String, ObjectNode> orders = new LinkedHashMap<>();

    Erp(Clock clock) {
        this.clock = clock;
    }

    synchronized SandboxResponse create(JsonNode request) {
        JsonNode body = Fields.object(request);
        String orderId = Fields.id(body, "orderId", "orderId");
        String customer = Fields.text(body, "customer", "customer");
        String currency = Fields.optionalText(body, "currency", "currency", "EUR");
        JsonNode items = Fields.array(body, "items", "items");
        BigDecimal total = BigDecimal.ZERO;
        ArrayNode lines = JSON.arrayNode();
        for (int i = 0; i < items.size(); i++) {
            JsonNode item = items.get(i);
            String at = "items[" + i + "]";
            if (!item.isObject()) {
                throw new BadInput(at + " must be an object with sku, qty and price");
            }
            String sku = Fields.text(item, "sku", at + ".sku");
            int qty = Fields.quantity(item, "qty", at + ".qty");
            BigDecimal price = Fields.amount(item, "price", at + ".price");
            BigDecimal amount = price.multiply(BigDecimal.valueOf(qty)).setScale(2, RoundingMode.HALF_UP);
            total = total.add(amount);
            lines.addObject().put("line", i + 1).put("sku", sku).put("qty", qty).put("amount", amount);
        }
        String erpId = "ERP-" + orderId;
        ObjectNode existing = orders.get(erpId);
        if (existing != null) {
            return new SandboxResponse(200, existing.deepCopy());
        }
        ObjectNode order = JSON.objectNode();
        order.put("erpId", erpId);
        order.put("orderId", orderId);
        order.put("customer", customer);
        order.put("status", "accepted");
        order.put("currency", currency);
        order.put("total", total.setScale(2, RoundingMode.HALF_UP));
        order.set("lines", lines);
        order.put("bookedAt", clock.instant().toString());
        orders.put(erpId, order);
        return new SandboxResponse(201, order.deepCopy());
    }

    synchronized SandboxResponse get(String erpId) {
        ObjectNode order = orders.get(erpId);
        return order == null
                ? SandboxResponse.error(404, "ERP order '" + erpId + "' does not exist")
                : new SandboxResponse(200, order.deepCopy());
    }
}
