package io.flows.steps.http;

import static io.flows.steps.http.LocalServers.Http.respond;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.node.TextNode;
import io.flows.steps.StepFailure;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HttpConnectorFailureTest {

    private LocalServers servers;
    private HttpConnector connector;

    @BeforeEach
    void start() {
        servers = new LocalServers();
        connector = new HttpConnector(new HttpSettings(List.of(), List.of(), true, 64, 1000, 5, Duration.ofSeconds(2)));
    }

    @AfterEach
    void stop() throws Exception {
        connector.close();
        servers.close();
    }

    static StepFailure failureOf(CompletableFuture<HttpAnswer> call) {
        Throwable thrown = catchThrowable(() -> call.get(10, TimeUnit.SECONDS));
        assertThat(thrown).isInstanceOf(ExecutionException.class);
        assertThat(thrown.getCause()).isInstanceOf(StepFailure.class);
        return (StepFailure) thrown.getCause();
    }

    private StepFailure failureOf(HttpCall call, Duration timeout) {
        return failureOf(connector.send(call, timeout));
    }

    @Test
    void failsWithConnectFailedWhenTheConnectionIsRefused() throws Exception {
        int port = LocalServers.closedPort();

        StepFailure failure = failureOf(HttpCall.get("http://127.0.0.1:" + port + "/"), Duration.ofSeconds(5));

        assertThat(failure.code()).isEqualTo("CONNECT_FAILED");
        assertThat(failure.retryable()).isTrue();
        assertThat(failure.getMessage()).isEqualTo("Connection to 127.0.0.1:" + port + " refused");
        assertThat(failure.details().get("url").asText()).isEqualTo("http://127.0.0.1:" + port + "/");
    }

    @Test
    void anAnswerWhoseHeadPassesTheClientsLimitsFailsForGoodSayingWhichLimit() throws Exception {
        LocalServers.Raw longHeader = servers.raw(socket -> {
            LocalServers.readHead(socket);
            LocalServers.write(socket, "HTTP/1.1 200 OK\r\nX-Big: " + "a".repeat(200_000) + "\r\nContent-Length: 2\r\n\r\n{}");
        });
        LocalServers.Raw manyHeaders = servers.raw(socket -> {
            LocalServers.readHead(socket);
            StringBuilder head = new StringBuilder("HTTP/1.1 200 OK\r\n");
            for (int i = 0; i < 5000; i++) {
                head.append("X-H").append(i).append(": v\r\n");
            }
            LocalServers.write(socket, head + "Content-Length: 2\r\n\r\n{}");
        });

        StepFailure line = failureOf(HttpCall.get("http://127.0.0.1:" + longHeader.port() + "/"), Duration.ofSeconds(5));
        assertThat(line.code()).isEqualTo("RESPONSE_TOO_LARGE");
        assertThat(line.retryable()).isFalse();
        assertThat(line.getMessage()).isEqualTo("Answer from http://127.0.0.1:" + longHeader.port()
                + "/: a header (or chunk) line longer than 8192 bytes, the longest Flows reads");
        assertThat(line.details().get("maxHeaderLineBytes").asInt()).isEqualTo(8192);

        StepFailure count = failureOf(HttpCall.get("http://127.0.0.1:" + manyHeaders.port() + "/"), Duration.ofSeconds(5));
        assertThat(count.code()).isEqualTo("RESPONSE_TOO_LARGE");
        assertThat(count.retryable()).isFalse();
        assertThat(count.getMessage()).endsWith(": more than 100 header fields, the most Flows reads");
        assertThat(count.details().get("maxHeaders").asInt()).isEqualTo(100);
        assertThat(longHeader.accepted() + manyHeaders.accepted()).as("not sent again as a lost connection").isEqualTo(2);
    }

    @Test
    void failsWithConnectFailedWhenThePartnerResetsTheConnection() throws Exception {
        LocalServers.Raw reset = servers.raw(socket -> {
            LocalServers.readHead(socket);
            try {
                socket.setSoLinger(true, 0);
                socket.close();
            } catch (java.io.IOException ignored) {
                // closing is the point
            }
        });

        StepFailure failure = failureOf(HttpCall.get("http://127.0.0.1:" + reset.port() + "/"), Duration.ofSeconds(5));

        assertThat(failure.code()).isEqualTo("CONNECT_FAILED");
        assertThat(failure.retryable()).isTrue();
    }

    @Test
    void failsWithAPlainMessageWhenThePartnerAnswersSomethingElseThanHttp() throws Exception {
        LocalServers.Raw garbage = servers.raw(socket -> {
            LocalServers.readHead(socket);
            try (socket) {
                socket.getOutputStream().write("NOT HTTP AT ALL\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            } catch (java.io.IOException ignored) {
                // the client may have given up already
            }
        });

        StepFailure failure = failureOf(HttpCall.get("http://127.0.0.1:" + garbage.port() + "/"), Duration.ofSeconds(5));

        assertThat(failure.code()).isEqualTo("CONNECT_FAILED");
        assertThat(failure.getMessage()).isEqualTo("The answer from 127.0.0.1:" + garbage.port()
                + " is not HTTP: Invalid protocol version; error at offset 0: <NOT HTTP AT ALL>");
    }

    @Test
    void failsWithConnectFailedWhenTheTlsHandshakeFails() throws Exception {
        LocalServers.Raw plain = servers.raw(socket -> {
            LocalServers.write(socket, "HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n");
            LocalServers.sleep(100);
            try {
                socket.close();
            } catch (java.io.IOException ignored) {
                // closing is the point
            }
        });

        StepFailure failure = failureOf(HttpCall.get("https://127.0.0.1:" + plain.port() + "/"), Duration.ofSeconds(5));

        assertThat(failure.code()).isEqualTo("CONNECT_FAILED");
        assertThat(failure.getMessage()).startsWith("TLS handshake with 127.0.0.1:" + plain.port() + " failed");
    }

    @Test
    void failsWithConnectFailedWhenTheTlsHandshakeTimesOutBeforeTheDeadline() throws Exception {
        LocalServers.Raw silent = servers.raw(socket -> LocalServers.sleep(30_000));

        long start = System.nanoTime();
        StepFailure failure = failureOf(HttpCall.get("https://127.0.0.1:" + silent.port() + "/"), Duration.ofSeconds(8));

        assertThat(failure.code()).isEqualTo("CONNECT_FAILED");
        assertThat(failure.getMessage()).contains("timed out");
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(5000);
    }

    @Test
    void failsWithDnsFailedWhenTheHostDoesNotResolve() {
        StepFailure failure = failureOf(HttpCall.get("http://no-such-partner.invalid/orders"), Duration.ofSeconds(5));

        assertThat(failure.code()).isEqualTo("DNS_FAILED");
        assertThat(failure.retryable()).isTrue();
        assertThat(failure.getMessage()).isEqualTo("Host 'no-such-partner.invalid' does not resolve");
        assertThat(failure.details().get("host").asText()).isEqualTo("no-such-partner.invalid");
    }

    @Test
    void timesOutWithinTheDeadlineWhenThePartnerAcceptsAndNeverAnswers() throws Exception {
        LocalServers.Raw silent = servers.raw(socket -> LocalServers.sleep(30_000));

        long start = System.nanoTime();
        StepFailure failure = failureOf(HttpCall.get("http://127.0.0.1:" + silent.port() + "/"), Duration.ofMillis(500));
        long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertThat(failure.code()).isEqualTo("STEP_TIMEOUT");
        assertThat(failure.retryable()).isTrue();
        assertThat(failure.details().get("timeoutMs").asLong()).isEqualTo(500);
        assertThat(elapsedMs).isBetween(450L, 1500L);
    }

    @Test
    void timesOutWhenThePartnerSendsHeadersAndThenStalls() throws Exception {
        LocalServers.Raw stalling = servers.raw(socket -> {
            LocalServers.readHead(socket);
            LocalServers.write(socket, "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 100\r\n\r\nabc");
            LocalServers.sleep(30_000);
        });

        long start = System.nanoTime();
        StepFailure failure = failureOf(HttpCall.get("http://127.0.0.1:" + stalling.port() + "/"), Duration.ofMillis(500));

        assertThat(failure.code()).isEqualTo("STEP_TIMEOUT");
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(1500);
    }

    @Test
    void timesOutAtTheDeadlineEvenWhenThePartnerTricklesBytes() throws Exception {
        LocalServers.Raw trickling = servers.raw(socket -> {
            LocalServers.readHead(socket);
            LocalServers.write(socket, "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 900\r\n\r\n");
            for (int i = 0; i < 300 && !socket.isClosed(); i++) {
                LocalServers.write(socket, "x");
                LocalServers.sleep(50);
            }
        });

        long start = System.nanoTime();
        StepFailure failure = failureOf(HttpCall.get("http://127.0.0.1:" + trickling.port() + "/"), Duration.ofMillis(700));

        assertThat(failure.code()).isEqualTo("STEP_TIMEOUT");
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isBetween(650L, 1700L);
    }

    @Test
    void failsWithResponseTooLargeWhenTheAnnouncedBodyPassesTheLimit() throws Exception {
        LocalServers.Http server = servers.http().on("/big", ex -> respond(ex, 200, "text/plain", "x".repeat(5000)));

        StepFailure failure = failureOf(HttpCall.get(server.url("/big")), Duration.ofSeconds(5));

        assertThat(failure.code()).isEqualTo("RESPONSE_TOO_LARGE");
        assertThat(failure.retryable()).isFalse();
        assertThat(failure.details().get("maxResponseBytes").asLong()).isEqualTo(1000);
    }

    @Test
    void failsWithResponseTooLargeWhenAChunkedBodyGrowsPastTheLimit() throws Exception {
        LocalServers.Http server = servers.http().on("/stream", ex -> {
            ex.sendResponseHeaders(200, 0);
            try (OutputStream out = ex.getResponseBody()) {
                for (int i = 0; i < 100; i++) {
                    out.write("y".repeat(100).getBytes());
                    out.flush();
                }
            } catch (java.io.IOException clientGaveUp) {
                // expected once the client aborts
            }
        });

        StepFailure failure = failureOf(HttpCall.get(server.url("/stream")), Duration.ofSeconds(5));

        assertThat(failure.code()).isEqualTo("RESPONSE_TOO_LARGE");
    }

    @ParameterizedTest
    @ValueSource(strings = {"X-Evil\r\nInjected", "a\nb", "nul\u0000byte", "bell\u0007"})
    void refusesHeaderValuesWithControlCharacters(String value) {
        StepFailure failure = failureOf(new HttpCall("GET", "http://127.0.0.1:1/", Map.of("X-Test", value), Map.of(),
                null), Duration.ofSeconds(1));

        assertThat(failure.code()).isEqualTo("BAD_REQUEST");
        assertThat(failure.retryable()).isFalse();
        assertThat(failure.getMessage()).contains("Header 'X-Test'").contains("control character");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Zoë ☃ 日本", "café", "no\u00a0break", "emoji 😀", "latin1 ÿ"})
    void refusesHeaderValuesOutsidePrintableAsciiWithoutSendingAnything(String value) throws Exception {
        LocalServers.Raw partner = servers.raw(LocalServers::readHead);

        StepFailure failure = failureOf(new HttpCall("GET", "http://127.0.0.1:" + partner.port() + "/x",
                Map.of("X-Name", value), Map.of(), null), Duration.ofSeconds(2));

        assertThat(failure.code()).isEqualTo("BAD_REQUEST");
        assertThat(failure.retryable()).isFalse();
        assertThat(failure.getMessage()).contains("Header 'X-Name'").contains("printable ASCII")
                .contains("encodeURIComponent");
        assertThat(failure.getMessage()).as("the value may be a secret: no part of it is named")
                .matches("\\p{ASCII}*").doesNotContain("U+").doesNotContain("position");
        assertThat(partner.accepted()).isZero();
    }

    @Test
    void sendsHeaderValuesOfPrintableAsciiAndTabsAsTheyAre() throws Exception {
        String value = "a\tb ~!\"#$%&'()*+,-./0-9:;<=>?@[\\]^_`{|}";
        AtomicReference<String> head = new AtomicReference<>();
        LocalServers.Raw partner = servers.raw(socket -> {
            head.set(LocalServers.head(socket));
            LocalServers.write(socket, "HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n");
        });

        HttpAnswer answer = connector.send(new HttpCall("GET", "http://127.0.0.1:" + partner.port() + "/x",
                Map.of("X-Name", value), Map.of(), null), Duration.ofSeconds(5)).get(10, TimeUnit.SECONDS);

        assertThat(answer.status()).isEqualTo(204);
        assertThat(head.get()).contains("\r\nX-Name: " + value + "\r\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Bad Name", "X-Evil:", "", "Ünicode", "a\r\nb"})
    void refusesHeaderNamesThatAreNotTokens(String name) {
        StepFailure failure = failureOf(new HttpCall("GET", "http://127.0.0.1:1/", Map.of(name, "v"), Map.of(), null),
                Duration.ofSeconds(1));

        assertThat(failure.code()).isEqualTo("BAD_REQUEST");
    }

    @ParameterizedTest
    @ValueSource(strings = {"CamelHttpUri", "camelFileName", "CAMEL_X", "CaMeLhttpMethod"})
    void refusesCamelHeadersInAnyCase(String name) {
        StepFailure failure = failureOf(new HttpCall("GET", "http://127.0.0.1:1/", Map.of(name, "x"), Map.of(), null),
                Duration.ofSeconds(1));

        assertThat(failure.code()).isEqualTo("BAD_REQUEST");
        assertThat(failure.getMessage()).contains(name).contains("Camel");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://example.com/x", "file:///etc/passwd", "http://", "not a url", "//example.com/x",
        "http://user:pw@example.com/", "http://example.com:99999/", "http://[::1/", "http://exa mple.com/",
        "http://[fe80::1%25eth0]/", "http://%31%32%37.0.0.1/", "gopher://127.0.0.1:70/"})
    void refusesUrlsThatAreNotPlainHttp(String url) {
        StepFailure failure = failureOf(HttpCall.get(url), Duration.ofSeconds(1));

        assertThat(failure.code()).isEqualTo("BAD_REQUEST");
        assertThat(failure.retryable()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"CONNECT", "TRACE", "", "GET /x"})
    void refusesMethodsThatAreNotSupported(String method) {
        StepFailure failure = failureOf(new HttpCall(method, "http://127.0.0.1:1/", Map.of(), Map.of(), null),
                Duration.ofSeconds(1));

        assertThat(failure.code()).isEqualTo("BAD_REQUEST");
        assertThat(failure.getMessage()).contains("method");
    }

    @Test
    void refusesARequestBodyLargerThanTheLimit() {
        StepFailure failure = failureOf(new HttpCall("POST", "http://127.0.0.1:1/", Map.of(), Map.of(),
                TextNode.valueOf("z".repeat(2000))), Duration.ofSeconds(1));

        assertThat(failure.code()).isEqualTo("BAD_REQUEST");
        assertThat(failure.getMessage()).contains("2000 bytes");
    }

    @Test
    void refusesATimeoutThatIsNotPositive() {
        StepFailure failure = failureOf(HttpCall.get("http://127.0.0.1:1/"), Duration.ZERO);

        assertThat(failure.code()).isEqualTo("BAD_REQUEST");
    }

    @Test
    void failsCallsInFlightWithCancelledWhenTheConnectorCloses() throws Exception {
        LocalServers.Raw silent = servers.raw(socket -> LocalServers.sleep(30_000));
        CompletableFuture<HttpAnswer> call = connector.send(HttpCall.get("http://127.0.0.1:" + silent.port() + "/"),
                Duration.ofSeconds(20));
        LocalServers.sleep(200);

        connector.close();

        assertThat(failureOf(call).code()).isEqualTo("CANCELLED");
        assertThat(failureOf(connector.send(HttpCall.get("http://127.0.0.1:1/"), Duration.ofSeconds(1))).code())
                .isEqualTo("CANCELLED");
    }

    @Test
    void neverCompletesOnTheCallersThreadWithAnException() {
        CompletableFuture<HttpAnswer> call = connector.send(new HttpCall(null, null, null, null, null), null);

        assertThat(failureOf(call).code()).isEqualTo("BAD_REQUEST");
    }

}
