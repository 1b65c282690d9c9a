package io.flows.engine.samples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.flows.engine.sandbox.SandboxPartner;
import io.flows.engine.sandbox.SandboxResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class SandboxPartnerTest {

    private final SandboxPartner partner =
            new SandboxPartner(Clock.fixed(Instant.parse("2026-03-02T08:00:00Z"), ZoneOffset.UTC));

    private SandboxResponse post(String path, String json) throws Exception {
        return partner.handle("POST", path, Map.of(), json == null ? null : SandboxServer.JSON.readTree(json));
    }

    private SandboxResponse get(String path) {
        return partner.handle("GET", path, Map.of(), null);
    }

    @Test
    void booksAnOrderInTheErpWithAnIdDerivedFromTheOrderAndAnExactTotal() throws Exception {
        SandboxResponse r = post("/erp/orders", """
                {"orderId": "SO-1", "customer": "ACME", "items": [
                  {"sku": "BRG-6204-2RS", "qty": 3, "price": 0.1}, {"sku": "GLV-NIT-L", "qty": 1, "price": 9.90}]}""");

        assertThat(r.status()).isEqualTo(201);
        assertThat(r.body().path("erpId").asText()).isEqualTo("ERP-SO-1");
        assertThat(r.body().path("status").asText()).isEqualTo("accepted");
        assertThat(r.body().path("total").decimalValue()).isEqualByComparingTo("10.20");
        assertThat(r.body().path("bookedAt").asText()).isEqualTo("2026-03-02T08:00:00Z");
        assertThat(get("/erp/orders/ERP-SO-1").body()).isEqualTo(r.body());
    }

    @Test
    void answersTheBookedOrderWhenTheSameOrderIsPostedAgain() throws Exception {
        String order = """
                {"orderId": "SO-2", "customer": "ACME", "items": [{"sku": "X", "qty": 1, "price": 1}]}""";
        SandboxResponse first = post("/erp/orders", order);
        SandboxResponse again = post("/erp/orders", order);

        assertThat(again.status()).isEqualTo(200);
        assertThat(again.body()).isEqualTo(first.body());
    }

    @Test
    void rejectsAnOrderWithBadInputNamingTheField() throws Exception {
        assertError(post("/erp/orders", null), 400, "a JSON object body is required");
        assertError(post("/erp/orders", "[1]"), 400, "the body must be a JSON object, not a list");
        assertError(post("/erp/orders", """
                {"customer": "ACME", "items": [{"sku": "X", "qty": 1, "price": 1}]}"""), 400, "orderId is required");
        assertError(post("/erp/orders", """
                {"orderId": "SO-3", "customer": " ", "items": [{"sku": "X", "qty": 1, "price": 1}]}"""),
                400, "customer must not be empty");
        assertError(post("/erp/orders", """
                {"orderId": "SO-3", "customer": "ACME", "items": []}"""), 400, "items must be a non-empty list");
        assertError(post("/erp/orders", """
                {"orderId": "SO-3", "customer": "ACME", "items": [{"sku": "X", "qty": 1, "price": 1}, {"sku": "Y", "qty": 1.5, "price": 1}]}"""),
                400, "items[1].qty must be a whole number from 1 to 1000000, not 1.5");
        assertError(post("/erp/orders", """
                {"orderId": "SO-3", "customer": "ACME", "items": [{"sku": "X", "qty": 1, "price": -1}]}"""),
                400, "items[0].price must be a number of at least 0, not -1");
        assertError(post("/erp/orders", """
                {"orderId": "SO 3/../x", "customer": "ACME", "items": [{"sku": "X", "qty": 1, "price": 1}]}"""),
                400, "orderId must be 1 to 64 letters, digits");
    }

    @Test
    void answers404ForAnErpOrderThatWasNeverBooked() {
        assertError(get("/erp/orders/ERP-NOPE"), 404, "ERP order 'ERP-NOPE' does not exist");
    }

    @Test
    void turnsAnAlertIntoAWorkOrderNumberedPerAssetAndAnswersTheSameOneForTheSameAlert() throws Exception {
        SandboxResponse first = post("/cmms/work-orders", """
                {"alertId": "A-1", "assetId": "PUMP-0815", "severity": "critical", "summary": "vibration"}""");
        SandboxResponse second = post("/cmms/work-orders", """
                {"alertId": "A-2", "assetId": "PUMP-0815", "severity": "LOW", "summary": "noise"}""");
        SandboxResponse repeated = post("/cmms/work-orders", """
                {"alertId": "A-1", "assetId": "PUMP-0815", "severity": "critical", "summary": "vibration"}""");

        assertThat(first.status()).isEqualTo(201);
        assertThat(first.body().path("workOrderId").asText()).isEqualTo("WO-PUMP-0815-1");
        assertThat(first.body().path("priority").asText()).isEqualTo("P1");
        assertThat(first.body().path("team").asText()).isEqualTo("mechanical");
        assertThat(first.body().path("dueBy").asText()).isEqualTo("2026-03-02T12:00:00Z");
        assertThat(second.body().path("workOrderId").asText()).isEqualTo("WO-PUMP-0815-2");
        assertThat(second.body().path("priority").asText()).isEqualTo("P4");
        assertThat(repeated.status()).isEqualTo(200);
        assertThat(repeated.body()).isEqualTo(first.body());
        assertThat(get("/cmms/work-orders/WO-PUMP-0815-2").body()).isEqualTo(second.body());
    }

    @Test
    void rejectsAnAlertWithAnUnknownSeverity() throws Exception {
        assertError(post("/cmms/work-orders", """
                {"alertId": "A-1", "assetId": "PUMP-1", "severity": "urgent", "summary": "x"}"""),
                400, "severity must be one of critical, high, medium, low, not 'urgent'");
    }

    @Test
    void answersStockLevelsOfKnownSkus() {
        SandboxResponse r = get("/wms/stock/BRG-6204-2RS");

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body().path("available").asInt()).isEqualTo(240);
        assertThat(r.body().path("location").asText()).isEqualTo("A-01-03");
        assertThat(get("/wms/stock").body().size()).isEqualTo(10);
    }

    @Test
    void answers404WithAnErrorForAnUnknownSku() {
        assertError(get("/wms/stock/NOPE-1"), 404, "unknown SKU 'NOPE-1'");
    }

    @Test
    void reservesStockLowersWhatIsAvailableAndRefusesMoreThanIsLeft() throws Exception {
        SandboxResponse reserved = post("/wms/reservations", """
                {"reference": "SO-1", "sku": "VBELT-SPA-1250", "qty": 4}""");
        SandboxResponse tooMuch = post("/wms/reservations", """
                {"reference": "SO-2", "sku": "VBELT-SPA-1250", "qty": 3}""");

        assertThat(reserved.status()).isEqualTo(201);
        assertThat(reserved.body().path("reservationId").asText()).isEqualTo("RES-SO-1-VBELT-SPA-1250");
        assertThat(reserved.body().path("availableAfter").asInt()).isEqualTo(2);
        assertThat(get("/wms/stock/VBELT-SPA-1250").body().path("reserved").asInt()).isEqualTo(4);
        assertError(tooMuch, 409, "cannot reserve 3 of VBELT-SPA-1250: only 2 available");
        assertThat(post("/wms/reservations", """
                {"reference": "SO-1", "sku": "VBELT-SPA-1250", "qty": 4}""").status()).isEqualTo(200);
        assertError(post("/wms/reservations", """
                {"reference": "SO-3", "sku": "NOPE", "qty": 1}"""), 404, "unknown SKU 'NOPE'");
    }

    @Test
    void backOrdersWithTheArticlesLeadTimeFromTheClock() throws Exception {
        SandboxResponse r = post("/wms/backorders", """
                {"reference": "SO-1", "sku": "PMP-SEAL-KIT-40", "qty": 2}""");

        assertThat(r.status()).isEqualTo(201);
        assertThat(r.body().path("backorderId").asText()).isEqualTo("BO-SO-1-PMP-SEAL-KIT-40");
        assertThat(r.body().path("expectedOn").asText()).isEqualTo("2026-03-23");
    }

    @Test
    void queuesMessagesNumberedPerQueue() throws Exception {
        assertThat(post("/queue/erp-retry", "{\"a\": 1}").body().path("messageId").asText()).isEqualTo("MSG-erp-retry-1");
        assertThat(post("/queue/erp-retry", "{\"a\": 2}").body().path("position").asInt()).isEqualTo(2);
        assertThat(get("/queue/erp-retry").body().size()).isEqualTo(2);
    }

    @Test
    void answersTheSimulatedStatusWhenAskedTo() {
        SandboxResponse r = partner.handle("POST", "/erp/orders", Map.of("simulate", "503"), null);
        assertError(r, 503, "simulated 503 for POST /erp/orders");
        assertError(partner.handle("GET", "/wms/stock/X", Map.of("simulate", "200"), null), 400,
                "simulate must be an HTTP status from 400 to 599, not 200");
        assertThat(partner.handle("GET", "/wms/stock/GLV-NIT-L", Map.of("simulate", ""), null).status()).isEqualTo(200);
    }

    @Test
    void answers404ForUnknownPathsAnd405ForWrongMethods() {
        assertError(get("/crm/customers"), 404, "nothing at /crm/customers");
        assertError(get("/erp/orders"), 405, "GET is not allowed on /erp/orders; use POST");
        assertError(partner.handle("DELETE", "/wms/stock/GLV-NIT-L", Map.of(), null), 405, "use GET");
    }

    @Test
    void namesTheMethodsAPathTakesInAnOptionsAnswerAndEvery405() {
        SandboxResponse options = partner.handle("OPTIONS", "/erp/orders", Map.of(), null);
        assertThat(options.status()).isEqualTo(204);
        assertThat(options.body()).isNull();
        assertThat(options.allow()).isEqualTo("POST, OPTIONS");
        assertThat(partner.handle("OPTIONS", "/queue/q1", Map.of(), null).allow()).isEqualTo("GET, HEAD, POST, OPTIONS");
        assertThat(partner.handle("OPTIONS", "/wms/stock", Map.of(), null).allow()).isEqualTo("GET, HEAD, OPTIONS");
        assertError(partner.handle("OPTIONS", "/crm/customers", Map.of(), null), 404, "nothing at /crm/customers");

        SandboxResponse patch = partner.handle("PATCH", "/erp/orders/ERP-SO-1", Map.of(), null);
        assertError(patch, 405, "PATCH is not allowed on /erp/orders/ERP-SO-1; use GET");
        assertThat(patch.allow()).isEqualTo("GET, HEAD, OPTIONS");
        assertError(partner.handle("PATCH", "/erp/orders", Map.of("simulate", "503"), null), 503,
                "simulated 503 for PATCH /erp/orders");
        assertThat(partner.handle("HEAD", "/wms/stock/GLV-NIT-L", Map.of(), null).status()).isEqualTo(200);
    }

    @Test
    void staysConsistentUnderConcurrentReservations() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<SandboxResponse>> answers = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                String body = "{\"reference\": \"R-" + i + "\", \"sku\": \"BRG-6204-2RS\", \"qty\": 3}";
                answers.add(pool.submit(() -> post("/wms/reservations", body)));
            }
            int ok = 0;
            for (Future<SandboxResponse> a : answers) {
                ok += a.get().status() == 201 ? 1 : 0;
            }
            assertThat(ok).isEqualTo(80);
            assertThat(get("/wms/stock/BRG-6204-2RS").body().path("available").asInt()).isZero();
        } finally {
            pool.shutdownNow();
        }
    }

    private static void assertError(SandboxResponse r, int status, String message) {
        assertThat(r.status()).as("%s", r.body()).isEqualTo(status);
        JsonNode error = r.body().path("error");
        assertThat(error.asText()).contains(message);
    }
}
