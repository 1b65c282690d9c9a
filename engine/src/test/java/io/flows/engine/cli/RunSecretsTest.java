package io.flows.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.flows.engine.support.TestService;
import io.flows.engine.support.TestService.Exited;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code flows run} in a process of its own, as a developer runs a flow that uses secrets on their machine. */
class RunSecretsTest {

    private static final String KEY = "k3y-from-the-environment";

    @Test
    void runReadsSecretsFromTheEnvironmentAndPrintsThemMasked(@TempDir Path dir) throws Exception {
        AtomicReference<String> received = new AtomicReference<>();
        HttpServer partner = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        partner.createContext("/orders", exchange -> {
            received.set(exchange.getRequestHeaders().getFirst("X-Api-Key"));
            byte[] body = ("{\"echo\":\"" + received.get() + "\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        partner.start();
        try {
            Path flow = Files.writeString(dir.resolve("keyed.yaml"), """
                    id: keyed
                    steps:
                      - id: call
                        type: connector-call
                        with:
                          method: POST
                          url: http://127.0.0.1:%d/orders
                          headers: {X-Api-Key: "${secrets.ERP_KEY}"}
                    """.formatted(partner.getAddress().getPort()));

            Exited run = TestService.runUntilItExits(dir, Map.of("FLOWS_SECRET_ERP_KEY", KEY), "run", flow.toString());

            String printed = String.join("\n", run.lines());
            assertThat(run.code()).as(printed).isZero();
            assertThat(received.get()).isEqualTo(KEY);
            assertThat(printed).contains("\"status\" : \"SUCCEEDED\"").contains("***").doesNotContain(KEY);

            Exited unset = TestService.runUntilItExits(dir, Map.of(), "run", flow.toString());
            assertThat(unset.code()).isEqualTo(1);
            assertThat(String.join("\n", unset.lines())).contains("SECRET_NOT_FOUND")
                    .contains("set the environment variable FLOWS_SECRET_ERP_KEY (flows run reads secrets from the "
                            + "environment only)");
        } finally {
            partner.stop(0);
        }
    }
}
