package io.flows.engine.durability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.flows.engine.runtime.Jsons;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An accepted execution is never lost: the service is killed with SIGKILL right after answering
 * 202 to a burst of starts, and after a restart every accepted execution is there, finished or
 * marked INTERRUPTED. Runs the service in a separate JVM on the default embedded H2 database.
 */
class KillTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    Path data;

    private Process start(int port) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                "io.flows.engine.cli.Main", "serve");
        Map<String, String> env = pb.environment();
        env.put("FLOWS_DATA_DIR", data.toString());
        env.put("MICRONAUT_SERVER_PORT", String.valueOf(port));
        env.put("FLOWS_LOAD_SAMPLES", "false");
        pb.redirectErrorStream(true).redirectOutput(data.resolve("service-" + System.nanoTime() + ".log").toFile());
        Process p = pb.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (send("GET", port, "/health", null, null).statusCode() == 200) {
                    return p;
                }
            } catch (java.io.IOException notYet) {
                Thread.sleep(200);
            }
            if (!p.isAlive()) {
                throw new AssertionError("the service exited with " + p.exitValue() + "; see " + data);
            }
        }
        p.destroyForcibly();
        throw new AssertionError("the service did not become healthy within 60 s");
    }

    private static HttpResponse<String> send(String method, int port, String path, String type, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(30));
        if (body == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", type).method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void webhookDeliveriesAnsweredWith200SurviveAKillMinus9() throws Exception {
        int port = freePort();
        Process service = start(port);
        List<String> delivered = new ArrayList<>();
        try {
            assertThat(send("POST", port, "/api/flows", "application/yaml", """
                    id: hooked
                    trigger: { type: webhook, path: orders }
                    steps:
                      - { id: wait, type: delay, duration: 2s }
                      - { id: done, type: transform, set: { n: "${input.n}" } }
                    """).statusCode()).isEqualTo(201);
            for (int i = 0; i < 300; i++) {
                HttpResponse<String> r = send("POST", port, "/hooks/orders", "application/json", "{\"n\":" + i + "}");
                assertThat(r.statusCode()).isEqualTo(200);
                delivered.add(Jsons.parse(r.body()).get("id").asText());
            }
        } finally {
            service.destroyForcibly().waitFor();
        }

        Process restarted = start(port);
        try {
            Map<String, String> executionOf = new HashMap<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            boolean settled;
            do {
                executionOf.clear();
                settled = true;
                for (String id : delivered) {
                    HttpResponse<String> r = send("GET", port, "/api/hooks/deliveries/" + id, null, null);
                    assertThat(r.statusCode()).as("delivery %s after the restart", id).isEqualTo(200);
                    JsonNode d = Jsons.parse(r.body());
                    String status = d.get("status").asText();
                    if (status.equals("RECEIVED") || d.path("executionId").isMissingNode() || d.path("executionId").isNull()) {
                        settled = false;
                        continue;
                    }
                    String execution = d.get("executionId").asText();
                    String s = Jsons.parse(send("GET", port, "/api/executions/" + execution, null, null).body())
                            .path("status").asText();
                    if (!s.equals("SUCCEEDED") && !s.equals("FAILED")) {
                        settled = false;
                    }
                    executionOf.put(id, execution);
                }
                if (settled) {
                    break;
                }
                Thread.sleep(500);
            } while (System.nanoTime() < deadline);
            assertThat(settled).as("every delivery led to a finished execution").isTrue();
            assertThat(executionOf).hasSize(delivered.size());
            assertThat(new java.util.HashSet<>(executionOf.values())).as("exactly one execution each").hasSize(delivered.size());
            HttpResponse<String> all = send("GET", port, "/api/flows/hooked/executions?limit=1000", null, null);
            assertThat(Jsons.parse(all.body()).size()).as("no second execution for any delivery").isEqualTo(delivered.size());
        } finally {
            restarted.destroy();
            restarted.waitFor();
        }
    }

    private static int freePort() throws java.io.IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void executionsAnsweredWith202SurviveAKillMinus9() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Process service = start(port);
        List<String> accepted = new ArrayList<>();
        try {
            assertThat(send("POST", port, "/api/flows", "application/yaml", """
                    id: slow
                    steps:
                      - { id: wait, type: delay, duration: 2s }
                      - { id: done, type: transform, set: { n: "${input.n}" } }
                    """).statusCode()).isEqualTo(201);
            for (int i = 0; i < 300; i++) {
                HttpResponse<String> r = send("POST", port, "/api/flows/slow/executions", "application/json", "{\"n\":" + i + "}");
                assertThat(r.statusCode()).isEqualTo(202);
                accepted.add(Jsons.parse(r.body()).get("id").asText());
            }
        } finally {
            service.destroyForcibly().waitFor();
        }

        Process restarted = start(port);
        try {
            Map<String, String> status = new HashMap<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            do {
                status.clear();
                for (String id : accepted) {
                    HttpResponse<String> r = send("GET", port, "/api/executions/" + id, null, null);
                    assertThat(r.statusCode()).as("execution %s after the restart", id).isEqualTo(200);
                    JsonNode e = Jsons.parse(r.body());
                    String s = e.get("status").asText();
                    if (s.equals("FAILED")) {
                        assertThat(e.at("/error/code").asText()).isEqualTo("INTERRUPTED");
                    }
                    status.put(id, s);
                }
                if (status.values().stream().allMatch(s -> s.equals("SUCCEEDED") || s.equals("FAILED"))) {
                    break;
                }
                Thread.sleep(500);
            } while (System.nanoTime() < deadline);
            assertThat(status).hasSize(accepted.size());
            assertThat(status.values()).allMatch(s -> s.equals("SUCCEEDED") || s.equals("FAILED"));
        } finally {
            restarted.destroy();
            restarted.waitFor();
        }
    }

}
