package io.flows.engine.service;

import static io.flows.engine.support.TestFlows.pauseThenDone;
import static io.flows.engine.support.TestFlows.startAsync;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import io.flows.engine.runtime.FlowEngine;
import io.flows.engine.store.NodeRepository;
import io.flows.engine.store.NodeRow;
import io.flows.engine.support.Http;
import io.flows.engine.support.TestDatabase;
import io.flows.engine.support.TestService;
import io.micronaut.runtime.server.EmbeddedServer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

/**
 * A stop gives running executions up to 5 s: one that ends within them is stored as it ended (its timers and the
 * store still work meanwhile); one that does not is left RUNNING, so the next start marks it INTERRUPTED.
 */
@Timeout(120)
class GracefulStopTest {


    @Test
    void anExecutionEndingWithinTheGraceIsStoredAsEndedAndOneThatDoesNotIsInterrupted() throws Exception {
        try (TestDatabase db = TestDatabase.h2()) {
            Map<String, Object> properties = TestService.properties(db);
            EmbeddedServer first = TestService.start(properties);
            Logger engineLog = (Logger) LoggerFactory.getLogger(FlowEngine.class);
            ListAppender<ILoggingEvent> engineLines = new ListAppender<>();
            engineLines.start();
            engineLog.addAppender(engineLines);
            engineLog.setLevel(Level.INFO); // the tests' root level is WARN
            engineLog.setAdditive(false);
            Instant firstStart = nodeStartedAt(first);
            String quick;
            String slow;
            try {
                Http http = new Http(TestService.baseUrl(first));
                for (String flow : List.of(pauseThenDone("quick", "1500ms"), pauseThenDone("slow", "60s"))) {
                    assertThat(http.post("/api/flows", "application/yaml", flow).status()).isEqualTo(201);
                }
                quick = startAsync(http, "quick");
                slow = startAsync(http, "slow");
                awaitStatus(http, quick, "RUNNING");
                awaitStatus(http, slow, "RUNNING");
            } finally {
                first.getApplicationContext().close(); // returns after the grace: `quick` ends within it
                engineLog.detachAppender(engineLines);
                engineLog.setLevel(null);
                engineLog.setAdditive(true);
            }
            // the log says what the store says: `slow` was not cancelled by anyone, it was cut short by the stop
            List<String> slowLines = engineLines.list.stream().map(ILoggingEvent::getFormattedMessage)
                    .filter(line -> line.contains(slow)).toList();
            assertThat(slowLines).singleElement().asString().contains("unfinished at the stop").doesNotContain("CANCELLED");

            EmbeddedServer second = TestService.start(properties);
            try {
                assertThat(nodeStartedAt(second)).as("the node's row says when its process started").isAfter(firstStart);
                Http http = new Http(TestService.baseUrl(second));
                JsonNode ended = http.get("/api/executions/" + quick).json();
                assertThat(ended.path("status").asText()).as(ended.toString()).isEqualTo("SUCCEEDED");
                assertThat(ended.path("output").path("done").asBoolean()).isTrue();
                assertThat(ended.path("steps")).hasSize(2);
                JsonNode cut = http.get("/api/executions/" + slow).json();
                assertThat(cut.path("status").asText()).as(cut.toString()).isEqualTo("FAILED");
                assertThat(cut.path("error").path("code").asText()).isEqualTo("INTERRUPTED");
            } finally {
                second.getApplicationContext().close();
            }
        }
    }


    private static Instant nodeStartedAt(EmbeddedServer server) {
        NodeRepository nodes = server.getApplicationContext().getBean(NodeRepository.class);
        NodeRow only = nodes.findAll().iterator().next();
        return only.startedAt();
    }

    private static void awaitStatus(Http http, String id, String status) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!status.equals(http.get("/api/executions/" + id).json().path("status").asText())
                && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }
}
