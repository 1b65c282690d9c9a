package io.flows.engine.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.flows.engine.api.ProblemHandler;
import io.flows.engine.schedule.Scheduler;
import io.flows.engine.support.Http;
import io.flows.engine.support.Http.Answer;
import io.flows.engine.support.LogLines;
import io.flows.engine.support.TestDatabase;
import io.flows.engine.support.TestService;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.InetSocketAddress;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * While PostgreSQL refuses the service's connections, requests that need the database answer 503 with
 * Retry-After (a passing outage clients should retry), not 500, and the log says so in a line per request; when it is
 * back, the service works again.
 */
class DatabaseOutageTest {

    private static TestDatabase database;
    private static EmbeddedServer server;
    private static Http http;

    @BeforeAll
    static void start() {
        TestDatabase.requirePostgres();
        database = TestDatabase.postgres();
        Map<String, Object> p = TestService.properties(database);
        p.put("datasources.default.connection-timeout", 1000); // the pool's wait for a connection, in ms (30 s by default)
        p.put("flows.schedules.poll", "100ms");
        p.put("flows.notifications.poll-interval", "100ms");
        server = TestService.start(p);
        http = new Http(TestService.baseUrl(server));
    }

    @AfterAll
    static void stop() throws Exception {
        if (database != null) {
            allowConnections(true);
        }
        TestService.closeAll(TestService.stopping(server), database);
    }

    @Test
    void requestsAnswer503WithRetryAfterWhileTheDatabaseRefusesConnections() throws Exception {
        assertThat(http.post("/api/flows", "application/yaml", "id: outage\nsteps: []\n").status()).isEqualTo(201);

        allowConnections(false);
        try (LogLines log = new LogLines(ProblemHandler.class)) {
            for (Answer a : new Answer[] {http.get("/api/flows"), http.postJson("/api/flows/outage/executions", "{}")}) {
                assertThat(a.status()).as(a.toString()).isEqualTo(503);
                assertThat(a.contentType()).startsWith("application/problem+json");
                assertThat(a.header("Retry-After")).isEqualTo("5");
                // a start whose connection broke while it was stored says so; one that got none says why
                assertThat(a.json().get("detail").asText()).containsAnyOf("database cannot be reached",
                        "could not be stored, so it was cancelled");
            }
            // one line per request, not the stack trace of a fault
            assertThat(log.messages()).anySatisfy(line -> assertThat(line)
                    .startsWith("GET /api/flows: 503, the database cannot be reached: "));
            assertThat(log.messages()).noneSatisfy(line -> assertThat(line).endsWith(" failed"));
        } finally {
            allowConnections(true);
        }

        long deadline = System.nanoTime() + 20_000_000_000L;
        Answer back = http.get("/api/flows/outage");
        while (back.status() != 200 && System.nanoTime() < deadline) {
            Thread.sleep(100);
            back = http.get("/api/flows/outage");
        }
        assertThat(back.status()).as(back.toString()).isEqualTo(200);
    }

    @Test
    void aKeyedStartThatCannotBeStoredCallsNoPartner() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        HttpServer partner = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        partner.createContext("/orders", exchange -> {
            calls.incrementAndGet();
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        partner.start();
        try {
            assertThat(http.post("/api/flows", "application/yaml", """
                    id: outage-call
                    steps:
                      - { id: call, type: connector-call, with: { method: POST, url: "http://127.0.0.1:%d/orders" } }
                    """.formatted(partner.getAddress().getPort())).status()).isEqualTo(201);

            allowConnections(false);
            try {
                for (int i = 0; i < 3; i++) {
                    Answer a = http.send("POST", "/api/flows/outage-call/executions?wait=true", "application/json",
                            "{}", "Idempotency-Key", "outage-" + i);
                    assertThat(a.status()).as(a.toString()).isEqualTo(503);
                }
            } finally {
                allowConnections(true);
            }
            // nothing was recorded of them, so nothing may have been sent
            assertThat(calls.get()).isZero();
        } finally {
            partner.stop(0);
        }
    }

    @Test
    void backgroundLoopsTellAnOutageWhenItStartsAndEndsNotEachPass() throws Exception {
        try (LogLines schedules = new LogLines(Scheduler.class);
             LogLines notifications = new LogLines("io.flows.engine.notify.DeliveryDispatcher")) {
            allowConnections(false);
            try {
                // each pass waits out the pool's 1 s and fails: several passes of each loop
                Thread.sleep(3_500);
            } finally {
                allowConnections(true);
            }
            for (LogLines loop : List.of(schedules, notifications)) {
                long deadline = System.nanoTime() + 20_000_000_000L;
                while (!endsResumed(loop.messages()) && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                // passes every 100 ms for 3.5 s: told when it started, not each pass (an earlier test's outage may
                // end in this log first, and a connection the pool kept from before may fail once more after it)
                List<String> lines = loop.messages();
                assertThat(lines).as(lines.toString()).allMatch(line -> line.contains(" paused: the database cannot be "
                        + "reached (") || line.contains(" resumed: the database answers again after "));
                assertThat(lines).as(lines.toString()).filteredOn(line -> line.contains(" paused: ")).hasSizeLessThan(4);
                assertThat(endsResumed(lines)).as(lines.toString()).isTrue();
            }
        }
    }

    private static boolean endsResumed(List<String> lines) {
        return !lines.isEmpty() && lines.get(lines.size() - 1).contains(" resumed: ");
    }

    private static void allowConnections(boolean allow) throws SQLException {
        TestDatabase.allowConnections(database.name(), allow);
    }
}
