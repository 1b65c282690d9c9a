package io.flows.engine.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.flows.engine.support.Http;
import io.flows.engine.support.TestDatabase;
import io.flows.engine.support.TestService;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * Requests that are not what HTTP/1.1 allows, written byte by byte on a socket (an HTTP client refuses to send
 * them): what the service answers before any route or database is involved, so one database is enough.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(60)
class MalformedRequestsTest {

    private TestDatabase database;
    private EmbeddedServer server;
    private Http http;

    static final int MAX_BODY = 64 * 1024;

    @BeforeAll
    void start() {
        database = TestDatabase.h2();
        Map<String, Object> props = TestService.properties(database);
        props.put("flows.max-request-bytes", MAX_BODY);
        props.put("micronaut.server.max-request-size", MAX_BODY);
        server = TestService.start(props);
        http = new Http(TestService.baseUrl(server));
    }

    @AfterAll
    void stop() throws Exception {
        TestService.closeAll(TestService.stopping(server), database);
    }

    /** An answer as it came over the wire: the status line, the header block and the body. */
    record Raw(int status, String head, String body) {

        JsonNode json() {
            try {
                return Http.JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + this, e);
            }
        }

        boolean hasHeader(String name) {
            return head.toLowerCase().contains("\r\n" + name.toLowerCase() + ":");
        }
    }

    /** Sends {@code request} as it is (ISO-8859-1, one byte per character) and reads until the service closes. */
    Raw send(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = socket.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int end = answer.indexOf("\r\n\r\n");
            String head = end < 0 ? answer : answer.substring(0, end);
            return new Raw(Integer.parseInt(answer.substring(9, 12)), head, end < 0 ? "" : answer.substring(end + 4));
        }
    }

    static void assertProblem(Raw a, int status, String... detailHolds) {
        assertThat(a.status()).as(a.toString()).isEqualTo(status);
        assertThat(a.head().toLowerCase()).as(a.toString()).contains("content-type: application/problem+json");
        AbstractApiTest.assertProblemShape(a.json(), status);
        assertThat(a.json().path("detail").asText()).as(a.toString()).contains(detailHolds);
    }

    @Test
    void aHeaderLineWithoutAColonIs400SayingSo() throws IOException {
        // without Connection: close: the service closes the connection itself (send reads until it does)
        Raw a = send("GET /api/flows HTTP/1.1\r\nHost: x\r\nNoColonHere\r\n\r\n");
        assertProblem(a, 400, "not valid HTTP/1.1", "No colon found");
    }

    @Test
    void aContentLengthThatIsNotOneNumberIs400NamingIt() throws IOException {
        String post = "POST /api/flows/validate HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n";
        assertProblem(send(post + "Content-Length: abc\r\nConnection: close\r\n\r\n{}"), 400,
                "Content-Length", "not a number: abc");
        assertProblem(send(post + "Content-Length: 2\r\nContent-Length: 3\r\nConnection: close\r\n\r\n{}"), 400,
                "Multiple Content-Length values");
    }

    @Test
    void aHeaderNameOrValueHttpDoesNotAllowIs400NamingTheHeader() throws IOException {
        assertProblem(send("GET /api/flows HTTP/1.1\r\nHost: x\r\nX Bad: 1\r\nConnection: close\r\n\r\n"), 400,
                "header name", "'X Bad'");
        assertProblem(send("GET /api/flows HTTP/1.1\r\nHost: x\r\nX-Note: a\u0001b\r\nConnection: close\r\n\r\n"), 400,
                "header 'X-Note'", "prohibited character 0x1");
    }

    @Test
    void aHeadRequestOverTheLengthLimitsGets414Or431LikeAGetWithoutABody() throws IOException {
        Raw headers = send("HEAD /api/flows HTTP/1.1\r\nHost: x\r\nX-Padding: " + "a".repeat(9000)
                + "\r\nConnection: close\r\n\r\n");
        assertThat(headers.status()).as(headers.toString()).isEqualTo(431);
        assertThat(headers.body()).as("a HEAD answer has no body").isEmpty();

        Raw line = send("HEAD /api/flows?q=" + "a".repeat(5000) + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertThat(line.status()).as(line.toString()).isEqualTo(414);

        Raw malformed = send("HEAD /api/flows HTTP/1.1\r\nHost: x\r\nNoColonHere\r\nConnection: close\r\n\r\n");
        assertThat(malformed.status()).as(malformed.toString()).isEqualTo(400);
        assertThat(malformed.body()).isEmpty();

        Raw fine = send("HEAD /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertThat(fine.status()).as(fine.toString()).isEqualTo(200);
        assertThat(fine.body()).isEmpty();

        Raw get = send("GET /api/flows HTTP/1.1\r\nHost: x\r\nX-Padding: " + "a".repeat(9000)
                + "\r\nConnection: close\r\n\r\n");
        assertProblem(get, 431, "header fields are larger than 8192 bytes");
    }

    @Test
    void aPathHoldingAControlCharacterIs400BeforeAnythingIsLookedUp() {
        Map<String, String> paths = Map.of(
                "/api/flows/a%0Ab", "U+000A (%0A)",
                "/api/flows/a%0db", "U+000D (%0D)",
                "/api/executions/x%09y", "U+0009 (%09)",
                "/api/flows/a%1Fb/executions", "U+001F (%1F)",
                "/api/secrets/a%7Fb", "U+007F (%7F)");
        paths.forEach((path, named) -> {
            Http.Answer a = http.get(path);
            assertThat(a.status()).as(a.toString()).isEqualTo(400);
            AbstractApiTest.assertProblemShape(a.json(), 400);
            assertThat(a.json().path("detail").asText()).as(a.toString())
                    .isEqualTo("the request's path holds the control character " + named
                            + ", which no id, name or path of this service can hold");
        });
        assertThat(http.postJson("/hooks/shop%0Aorders", "{}").status()).isEqualTo(400);
        assertThat(http.get("/api/flows/a%25%30Ab").status()).as("%25 is a percent sign: no control character")
                .isEqualTo(404);
    }

    @Test
    void controlCharactersInTheQueryReachTheFlowAndATabInAHeaderValueToo() {
        String flow = "id: controls\ntrigger: { type: manual }\nsteps:\n  - { id: echo, type: transform, script: \"return input\" }\n";
        assertThat(http.post("/api/flows", "application/yaml", flow).status()).isEqualTo(201);
        Http.Answer a = http.postJson("/api/flows/controls/executions?wait=true&note=line%0Aone%09two", "{}",
                "X-Note", "a\tb");
        assertThat(a.status()).as(a.toString()).isEqualTo(200);
        assertThat(a.json().at("/trigger/query/note").asText()).isEqualTo("line\none\ttwo");
        assertThat(a.json().at("/trigger/headers/x-note").asText()).isEqualTo("a\tb");
    }
}
