package io.flows.engine.nodes;

import static org.assertj.core.api.Assertions.assertThat;

import io.flows.engine.support.Http;
import io.flows.engine.support.TestDatabase;
import io.flows.engine.support.TestService;
import io.micronaut.runtime.server.EmbeddedServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two nodes on one database see each other's changes of a flow: each kept the flow rows it had read for good, so a
 * node went on running a version, a disabled or a deleted flow that the other node had changed, and could not save
 * the flow itself (its saves started from the row it remembered). A node reads a row again after a second, and a
 * save always starts from the stored row.
 */
@Timeout(120)
class SharedFlowChangesTest {

    private static final Duration SEEN_WITHIN = Duration.ofSeconds(10);

    @Test
    void aChangeOnOneNodeReachesTheOtherAndTheOtherCanSaveAtOnce() throws Exception {
        try (TestDatabase db = TestDatabase.postgres()) {
            EmbeddedServer a = TestService.node(db, "node-a");
            EmbeddedServer b = TestService.node(db, "node-b");
            try {
                Http onA = new Http(TestService.baseUrl(a));
                Http onB = new Http(TestService.baseUrl(b));
                assertThat(onA.post("/api/flows", "application/yaml", flow(1)).status()).isEqualTo(201);
                assertThat(output(onB)).isEqualTo(1); // node B has read the flow now

                assertThat(onA.put("/api/flows/shared", "application/yaml", flow(2), "If-Match", "\"1\"").status())
                        .isEqualTo(200);
                awaitOn(() -> output(onB), v -> v == 2, "node B runs version 2");
                // a save on B right after one on A starts from what is stored, not from what B read before
                assertThat(onA.put("/api/flows/shared", "application/yaml", flow(3), "If-Match", "\"2\"").status())
                        .isEqualTo(200);
                Http.Answer saved = onB.put("/api/flows/shared", "application/yaml", flow(4), "If-Match", "\"3\"");
                assertThat(saved.status()).as(saved.toString()).isEqualTo(200);
                assertThat(saved.json().get("version").asInt()).isEqualTo(4);
                awaitOn(() -> output(onA), v -> v == 4, "node A runs version 4");

                assertThat(onA.post("/api/flows/shared/disable", null, null).status()).isEqualTo(200);
                awaitOn(() -> start(onB), status -> status == 409, "node B refuses to start a disabled flow");
                assertThat(onB.post("/api/flows/shared/enable", null, null).status()).isEqualTo(200);
                awaitOn(() -> start(onA), status -> status == 202, "node A starts it again");

                assertThat(onA.delete("/api/flows/shared").status()).isEqualTo(204);
                awaitOn(() -> start(onB), status -> status == 404, "node B knows it is deleted");
            } finally {
                TestService.closeAll(TestService.stopping(a), TestService.stopping(b));
            }
        }
    }

    @Test
    void concurrentSavesOnTwoNodesAllLandWithoutIfMatchAndOneWinsWithIt() throws Exception {
        try (TestDatabase db = TestDatabase.postgres()) {
            EmbeddedServer a = TestService.node(db, "node-a");
            EmbeddedServer b = TestService.node(db, "node-b");
            try {
                List<Http> nodes = List.of(new Http(TestService.baseUrl(a)), new Http(TestService.baseUrl(b)));
                assertThat(nodes.get(0).post("/api/flows", "application/yaml", flow(1)).status()).isEqualTo(201);
                int saves = 20;
                ExecutorService pool = Executors.newFixedThreadPool(saves);
                try {
                    // without If-Match a save overwrites whatever is there, however many land at the same moment
                    List<Future<Http.Answer>> answers = new ArrayList<>();
                    for (int i = 0; i < saves; i++) {
                        Http node = nodes.get(i % 2);
                        int v = 100 + i;
                        answers.add(pool.submit(() -> node.put("/api/flows/shared", "application/yaml", flow(v))));
                    }
                    Set<Integer> versions = new HashSet<>();
                    for (Future<Http.Answer> f : answers) {
                        Http.Answer answer = f.get();
                        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
                        versions.add(answer.json().get("version").asInt());
                    }
                    assertThat(versions).as("each save its own version").hasSize(saves);

                    // with If-Match exactly one save wins; every other is told the flow moved on
                    int latest = versions.stream().max(Integer::compare).orElseThrow();
                    answers.clear();
                    for (int i = 0; i < saves; i++) {
                        Http node = nodes.get(i % 2);
                        answers.add(pool.submit(() -> node.put("/api/flows/shared", "application/yaml", flow(7),
                                "If-Match", "\"" + latest + "\"")));
                    }
                    Map<Integer, Integer> statuses = new TreeMap<>();
                    for (Future<Http.Answer> f : answers) {
                        statuses.merge(f.get().status(), 1, Integer::sum);
                    }
                    assertThat(statuses).isEqualTo(Map.of(200, 1, 412, saves - 1));
                } finally {
                    pool.shutdownNow();
                }
            } finally {
                TestService.closeAll(TestService.stopping(a), TestService.stopping(b));
            }
        }
    }

    private static String flow(int version) {
        return """
                id: shared
                steps:
                  - { id: mark, type: transform, set: { v: %d } }
                """.formatted(version);
    }

    private static int output(Http node) {
        Http.Answer run = node.postJson("/api/flows/shared/executions?wait=true", "{}");
        assertThat(run.status()).as(run.toString()).isEqualTo(200);
        return run.json().get("output").get("v").asInt();
    }

    private static int start(Http node) {
        return node.postJson("/api/flows/shared/executions", "{}").status();
    }

    private static <T> void awaitOn(Supplier<T> probe, Predicate<T> done, String what) throws InterruptedException {
        long deadline = System.nanoTime() + SEEN_WITHIN.toNanos();
        T last = probe.get();
        while (!done.test(last) && System.nanoTime() < deadline) {
            Thread.sleep(50);
            last = probe.get();
        }
        assertThat(done.test(last)).as(what + " within " + SEEN_WITHIN + "; last: " + last).isTrue();
    }
}
