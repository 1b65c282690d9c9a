package io.flows.steps.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A partner that answers the first request on each keep-alive connection and closes the connection on the
 * second one without answering — what a server does when it drops idle connections just as the client
 * reuses one. Which of those lost requests the connector sends again by itself.
 */
class StaleConnectionRetryTest {

    private LocalServers servers;
    private HttpConnector connector;
    private final List<String> received = new CopyOnWriteArrayList<>();
    private String base;

    @BeforeEach
    void start() throws IOException {
        servers = new LocalServers();
        // one pooled connection, so that the second call surely reuses the first call's connection
        connector = new HttpConnector(new HttpSettings(List.of(), List.of(), true, 1, 1000, 5, Duration.ofSeconds(2)));
        LocalServers.Raw partner = servers.raw(socket -> {
            String first = LocalServers.readRequest(socket);
            if (first == null) {
                return;
            }
            received.add(first);
            LocalServers.write(socket, "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nok");
            String second = LocalServers.readRequest(socket);
            if (second != null) {
                received.add(second);
            }
            close(socket);
        });
        base = "http://127.0.0.1:" + partner.port();
    }

    @AfterEach
    void stop() throws Exception {
        connector.close();
        servers.close();
    }

    @Test
    void sendsAGetAgainOnAFreshConnection() throws Exception {
        assertThat(send(HttpCall.get(base + "/a")).status()).isEqualTo(200);

        assertThat(send(HttpCall.get(base + "/b")).status()).isEqualTo(200);

        assertThat(received).containsExactly("GET /a", "GET /b", "GET /b");
    }

    @Test
    void doesNotSendAGetAgainWhenThePartnerClosedTheConnectionMidAnswer() throws Exception {
        // the partner answered (status and headers) and then closed: the request reached it, so sending it again is
        // the step's retry policy's call, not the client's (a GET with retry.maxAttempts 2 reached the partner 4 times)
        List<String> got = new CopyOnWriteArrayList<>();
        LocalServers.Raw partner = servers.raw(socket -> {
            String request = LocalServers.readRequest(socket);
            if (request == null) {
                return;
            }
            got.add(request);
            LocalServers.write(socket, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n"
                    + "{\"partial\": \"");
            close(socket);
        });
        var failure = HttpConnectorFailureTest.failureOf(connector.send(
                HttpCall.get("http://127.0.0.1:" + partner.port() + "/close"), Duration.ofSeconds(5)));
        assertThat(failure).isNotNull();
        assertThat(got).hasSize(1);
    }

    @Test
    void sendsAPostWithAnIdempotencyKeyAgainOnAFreshConnection() throws Exception {
        assertThat(send(post("/a", Map.of())).status()).isEqualTo(200);

        assertThat(send(post("/b", Map.of("Idempotency-Key", "order-42"))).status()).isEqualTo(200);

        assertThat(received).containsExactly("POST /a", "POST /b", "POST /b");
    }

    @Test
    void doesNotSendAPostWithoutAnIdempotencyKeyTwice() throws Exception {
        assertThat(send(post("/a", Map.of())).status()).isEqualTo(200);

        var failure = HttpConnectorFailureTest.failureOf(connector.send(post("/b", Map.of()), Duration.ofSeconds(5)));

        // the partner may have acted on it: a second POST is the step's retry policy's call, not the client's
        assertThat(failure.code()).isEqualTo("CONNECT_FAILED");
        assertThat(failure.retryable()).isTrue();
        assertThat(received).containsExactly("POST /a", "POST /b");
    }

    private HttpCall post(String path, Map<String, String> headers) {
        return new HttpCall("POST", base + path, headers, Map.of(), TextNode.valueOf("{\"n\":1}"));
    }

    private HttpAnswer send(HttpCall call) throws Exception {
        return connector.send(call, Duration.ofSeconds(5)).get(10, TimeUnit.SECONDS);
    }

    private static void close(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing is the point
        }
    }
}
