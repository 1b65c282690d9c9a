package io.flows.steps.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import io.flows.steps.StepFailure;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Answers sent compressed, or as bytes rather than text, against a real server. */
class AnswerEncodingTest {

    private static final long LIMIT = 1024 * 1024;

    private LocalServers servers;
    private LocalServers.Http server;
    private HttpConnector connector;

    @BeforeEach
    void start() throws Exception {
        servers = new LocalServers();
        server = servers.http();
        connector = new HttpConnector(new HttpSettings(List.of(), List.of(), true, 16, LIMIT, 5, Duration.ofSeconds(2)));
    }

    @AfterEach
    void stop() throws Exception {
        connector.close();
        servers.close();
    }

    private HttpAnswer get(String path) throws Exception {
        return connector.send(HttpCall.get(server.url(path)), Duration.ofSeconds(5)).get(10, TimeUnit.SECONDS);
    }

    private StepFailure failure(String path) {
        return HttpConnectorFailureTest.failureOf(connector.send(HttpCall.get(server.url(path)), Duration.ofSeconds(5)));
    }

    private static void answer(HttpExchange exchange, String type, String encoding, byte[] body) throws IOException {
        if (type != null) {
            exchange.getResponseHeaders().set("Content-Type", type);
        }
        if (encoding != null) {
            exchange.getResponseHeaders().set("Content-Encoding", encoding);
        }
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        } catch (IOException gone) {
            // the client stopped reading: what the bomb test expects
        }
    }

    private static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        }
        return out.toByteArray();
    }

    private static byte[] deflate(byte[] data, boolean zlib) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DeflaterOutputStream d = new DeflaterOutputStream(out, new Deflater(Deflater.DEFAULT_COMPRESSION, !zlib))) {
            d.write(data);
        }
        return out.toByteArray();
    }

    @Test
    void aGzippedOrDeflatedAnswerIsGivenDecoded() throws Exception {
        byte[] json = "{\"gz\":true}".getBytes(StandardCharsets.UTF_8);
        server.on("/gzip", ex -> answer(ex, "application/json", "gzip", gzip(json)));
        server.on("/deflate", ex -> answer(ex, "application/json", "deflate", deflate(json, true)));
        server.on("/raw-deflate", ex -> answer(ex, "application/json", "deflate", deflate(json, false)));

        for (String path : List.of("/gzip", "/deflate", "/raw-deflate")) {
            HttpAnswer answer = get(path);
            assertThat(answer.body().toString()).as(path).isEqualTo("{\"gz\":true}");
            assertThat(answer.bodyParseError()).isNull();
            assertThat(answer.bodyEncoding()).isNull();
        }
    }

    @Test
    void aCompressionBombFailsAtTheLimitOfTheDecodedAnswer() throws Exception {
        byte[] bomb = gzip(new byte[50 * 1024 * 1024]); // 50 MB of zeros: about 50 KB compressed
        assertThat(bomb.length).isLessThan((int) LIMIT);
        server.on("/bomb", ex -> answer(ex, "application/json", "gzip", bomb));

        StepFailure failure = failure("/bomb");

        assertThat(failure.code()).isEqualTo("RESPONSE_TOO_LARGE");
        assertThat(failure.retryable()).isFalse();
        assertThat(failure.getMessage()).isEqualTo("The answer decoded from gzip is larger than the limit of "
                + LIMIT + " bytes");
        assertThat(failure.details().get("contentEncoding").asText()).isEqualTo("gzip");
        assertThat(failure.details().get("maxResponseBytes").asLong()).isEqualTo(LIMIT);
        assertThat(failure.details().get("status").asInt()).isEqualTo(200);
    }

    @Test
    void anEncodingFlowsDoesNotDecodeOrBytesThatDoNotDecodeFailTheCallClearly() throws Exception {
        server.on("/br", ex -> answer(ex, "application/json", "br", new byte[] {1, 2, 3}));
        server.on("/broken", ex -> answer(ex, "application/json", "gzip", "not gzip".getBytes(StandardCharsets.UTF_8)));

        StepFailure br = failure("/br");
        assertThat(br.code()).isEqualTo("BAD_RESPONSE");
        assertThat(br.retryable()).isFalse();
        assertThat(br.getMessage()).isEqualTo("The answer is encoded with 'br', which Flows does not decode"
                + " (gzip and deflate only; Flows asks for no encoding)");

        StepFailure broken = failure("/broken");
        assertThat(broken.code()).isEqualTo("BAD_RESPONSE");
        assertThat(broken.getMessage()).startsWith("The answer is labelled Content-Encoding: gzip but does not decode: ");
    }

    @Test
    void aBinaryAnswerIsGivenAsTheBase64OfItsBytesNotAsMangledText() throws Exception {
        byte[] bytes = new byte[256];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) i;
        }
        server.on("/pdf", ex -> answer(ex, "application/pdf", null, bytes));
        server.on("/unlabelled-bytes", ex -> answer(ex, null, null, bytes));
        server.on("/unlabelled-text", ex -> answer(ex, null, null, "héllo".getBytes(StandardCharsets.UTF_8)));
        server.on("/csv", ex -> answer(ex, "text/csv", null, "a,b\n1,2\n".getBytes(StandardCharsets.UTF_8)));

        for (String path : List.of("/pdf", "/unlabelled-bytes")) {
            HttpAnswer binary = get(path);
            assertThat(binary.bodyEncoding()).as(path).isEqualTo("base64");
            assertThat(Base64.getDecoder().decode(binary.body().textValue())).isEqualTo(bytes);
            assertThat(binary.json()).isNull();
        }
        HttpAnswer text = get("/unlabelled-text");
        assertThat(text.bodyEncoding()).isNull();
        assertThat(text.body().textValue()).isEqualTo("héllo");
        assertThat(get("/csv").body().textValue()).isEqualTo("a,b\n1,2\n");
    }
}
