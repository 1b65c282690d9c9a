package io.flows.engine.runtime;

import static io.flows.engine.runtime.EngineHarness.assertJson;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.flows.steps.runtime.TraceEntry;
import java.net.ServerSocket;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ConnectorCallTest {

    static EngineHarness h;
    static TestPartner partner;

    @BeforeAll
    static void start() throws Exception {
        h = new EngineHarness();
        partner = new TestPartner();
    }

    @AfterAll
    static void stop() {
        partner.close();
        h.close();
    }

    private ExecutionRecord call(String with, String extra, String input) {
        FlowVersion v = h.flow("""
                id: call
                steps:
                  - id: push
                    type: connector-call
                    connector: http
                    with: %s
                %s
                """.formatted(with, extra.isEmpty() ? "" : "    " + extra));
        return h.run(v, input, Map.<String, JsonNode>of("base", TextNode.valueOf(partner.url(""))));
    }

    @Test
    void postsTheRenderedJsonBodyAndReturnsStatusHeadersAndParsedBody() {
        AtomicReference<String> seen = new AtomicReference<>();
        AtomicReference<String> query = new AtomicReference<>();
        AtomicReference<String> header = new AtomicReference<>();
        partner.on("/erp/orders", (m, q, body, headers) -> {
            seen.set(m + " " + body);
            query.set(q);
            header.set(headers.get("x-order"));
            return TestPartner.Answer.json(201, "{\"erpId\":\"ERP-7\",\"amount\":10.50}");
        });
        ExecutionRecord r = call("""
                { method: POST, url: "${vars.base}/erp/orders", headers: { x-order: "${input.id}" }, query: { source: shop }, body: "${input}" }""",
                "", "{\"id\":\"A-7\",\"price\":10.50}");
        assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(seen.get()).isEqualTo("POST {\"id\":\"A-7\",\"price\":10.50}");
        assertThat(query.get()).isEqualTo("source=shop");
        assertThat(header.get()).isEqualTo("A-7");
        assertThat(r.output().get("status").asInt()).isEqualTo(201);
        assertThat(r.output().get("body").toString()).isEqualTo("{\"erpId\":\"ERP-7\",\"amount\":10.50}");
        assertThat(r.output().get("headers").get("content-type").asText()).isEqualTo("application/json");
        assertThat(r.steps().get(0).request().get("url").asText()).endsWith("/erp/orders");
        assertThat(r.steps().get(0).response().get("status").asInt()).isEqualTo(201);
    }

    @Test
    void aListInTheQueryIsSentAsTheParameterRepeatedAndAnObjectAsItsJsonText() {
        AtomicReference<String> query = new AtomicReference<>();
        partner.on("/search", (m, q, b, hd) -> {
            query.set(q);
            return TestPartner.Answer.json(200, "{}");
        });
        ExecutionRecord r = call("""
                { url: "${vars.base}/search?page=2", query: { id: "${input.ids}", one: 7, none: [], filter: { a: 1 } } }""",
                "", "{\"ids\":[1,\"b c\",null,true]}");
        assertThat(r.status()).as(String.valueOf(r.error())).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(query.get()).isEqualTo("page=2&id=1&id=b%20c&id=true&one=7&filter=%7B%22a%22%3A1%7D");
        assertJson(r.steps().get(0).request().get("query"), "{\"id\":[\"1\",\"b c\",\"true\"],\"one\":\"7\",\"filter\":\"{\\\"a\\\":1}\"}");
    }

    @Test
    void aBodyLabelledJsonThatIsNotJsonIsItsTextAndTheTraceSaysWhy() {
        partner.on("/badjson", (m, q, b, hd) -> TestPartner.Answer.json(200, "{\"a\": 1,"));
        ExecutionRecord r = call("{ url: \"${vars.base}/badjson\" }", "", "{}");

        assertThat(r.status()).as(String.valueOf(r.error())).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertJson(r.output(), "{\"status\":200,\"headers\":" + r.output().get("headers") + ",\"body\":\"{\\\"a\\\": 1,\"}");
        assertThat(r.steps().get(0).response().get("bodyParseError").asText()).isEqualTo(
                "the answer is labelled application/json but is not JSON: Unexpected end-of-input"
                        + " within/between Object entries (line 1, column 9); body is its text");
    }

    @Test
    void aRedirectThatEndsTheCallSaysWhyItWasNotFollowed() {
        partner.on("/loop", (m, q, b, hd) -> new TestPartner.Answer(302, "text/plain", "").withHeader("Location", "/loop"));
        ExecutionRecord loop = call("{ url: \"${vars.base}/loop\" }", "", "{}");
        assertThat(loop.error().code()).isEqualTo("HTTP_302");
        assertThat(loop.error().message()).isEqualTo("GET " + partner.url("/loop")
                + " answered 302: stopped after 5 redirects, the most a call follows (a redirect loop?)");
        assertThat(loop.error().details().get("redirects")).hasSize(5);
        assertThat(loop.error().details().get("location").asText()).isEqualTo("/loop");
        assertThat(loop.steps().get(0).response().get("redirects")).hasSize(5);
        assertThat(partner.calls("/loop")).isEqualTo(6);

        partner.on("/moved", (m, q, b, hd) -> new TestPartner.Answer(302, "text/plain", "").withHeader("Location", "/there"));
        ExecutionRecord post = call("{ method: POST, url: \"${vars.base}/moved\", body: { a: 1 } }", "", "{}");
        assertThat(post.error().code()).isEqualTo("HTTP_302");
        assertThat(post.error().message()).isEqualTo("POST " + partner.url("/moved")
                + " answered 302: a 302 redirect is followed only for GET and HEAD (a 303 for any method, as a GET)");
        assertThat(post.error().details().has("redirects")).isFalse();
        assertThat(partner.calls("/moved")).isEqualTo(1);
    }

    @Test
    void aJsonAnswerNestingDeeperThanAValueMayFailsTheStepWithItsOwnCode() {
        // the output {status, headers, body} is a level deeper than the body: 999 levels of body fit in 1000
        partner.on("/deep/fits", (m, q, b, h) -> TestPartner.Answer.json(200, "[".repeat(999) + "]".repeat(999)));
        ExecutionRecord fits = call("{ url: \"${vars.base}/deep/fits\" }", "", "{}");
        assertThat(fits.status()).as(String.valueOf(fits.error())).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(Jsons.write(new ExecutionJson(1 << 20).write(fits))).contains("[".repeat(999));

        partner.on("/deep/no", (m, q, b, h) -> TestPartner.Answer.json(200, "[".repeat(1001) + "]".repeat(1001)));
        ExecutionRecord no = call("{ url: \"${vars.base}/deep/no\" }", "", "{}");
        assertThat(no.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(no.error().code()).isEqualTo("VALUE_TOO_DEEP");
        assertThat(no.error().message()).contains("nests more than 1000 levels");
        assertThat(no.error().details().path("status").asInt()).isEqualTo(200);
        assertThat(Jsons.write(new ExecutionJson(1 << 20).write(no))).contains("VALUE_TOO_DEEP");

        partner.on("/deep/body", (m, q, b, h) -> TestPartner.Answer.json(200, "[".repeat(1000) + "]".repeat(1000)));
        ExecutionRecord body = call("{ url: \"${vars.base}/deep/body\" }", "", "{}");
        assertThat(body.error().code()).isEqualTo("VALUE_TOO_DEEP");
        assertThat(body.error().message()).contains("the output of step 'push' nests 1001 levels");
    }

    @Test
    void headersTheClientSetsItselfAreNeitherSentNorRecordedAsSent() {
        AtomicReference<String> host = new AtomicReference<>();
        partner.on("/hosted", (m, q, b, headers) -> {
            host.set(headers.get("host"));
            return TestPartner.Answer.json(200, "{}");
        });
        ExecutionRecord r = call("{ url: \"${vars.base}/hosted\", headers: { Host: evil.example, Content-Length: \"999\", x-a: \"1\" } }",
                "", "{}");
        assertThat(r.status()).as(String.valueOf(r.error())).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(host.get()).doesNotContain("evil");
        assertThat(r.steps().get(0).request().get("headers").toString()).isEqualTo("{\"x-a\":\"1\"}");
    }

    @Test
    void onlyTimeoutsTooManyRequestsAndServerErrorsAreRetriedNotAStatusBeyondHttps() {
        partner.on("/odd", (m, q, b, hd) -> new TestPartner.Answer(999, "text/plain", "odd"));
        partner.on("/busy", (m, q, b, hd) -> new TestPartner.Answer(599, "text/plain", "busy"));
        ExecutionRecord odd = call("{ url: \"${vars.base}/odd\" }", "retry: { maxAttempts: 4, delay: 1ms }", "{}");
        assertThat(odd.error().code()).isEqualTo("HTTP_999");
        assertThat(partner.calls("/odd")).isEqualTo(1);
        assertThat(odd.steps()).hasSize(1);

        ExecutionRecord busy = call("{ url: \"${vars.base}/busy\" }", "retry: { maxAttempts: 2, delay: 1ms }", "{}");
        assertThat(busy.error().code()).isEqualTo("HTTP_599");
        assertThat(partner.calls("/busy")).isEqualTo(2);
    }

    @Test
    void everyFailureOfACallDescribesItAlikeItsQueryIncluded() throws Exception {
        partner.on("/q/fail", (m, q, b, hd) -> new TestPartner.Answer(500, "text/plain", "boom"));
        partner.on("/q/moved", (m, q, b, hd) -> new TestPartner.Answer(302, "text/plain", "").withHeader("Location", "/x"));
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        String query = ", query: { a: 1, b: \"x y\" } }";
        String full = "?a=1&b=x%20y";
        String port = String.valueOf(partner.url("").replaceAll(".*:", ""));

        ExecutionRecord failed = call("{ url: \"${vars.base}/q/fail\"" + query, "", "{}");
        assertThat(failed.error().message()).isEqualTo("GET " + partner.url("/q/fail") + full + " answered 500");
        assertJson(failed.error().details(), "{\"status\":500,\"method\":\"GET\",\"url\":\"" + partner.url("/q/fail") + full
                + "\",\"host\":\"127.0.0.1\",\"port\":" + port + ",\"body\":\"boom\"}");

        ExecutionRecord moved = call("{ method: POST, url: \"${vars.base}/q/moved\"" + query, "", "{}");
        assertThat(moved.error().code()).isEqualTo("HTTP_302");
        assertThat(moved.error().message()).startsWith("POST " + partner.url("/q/moved") + full + " answered 302: ");
        assertThat(moved.error().details().get("url").asText()).isEqualTo(partner.url("/q/moved") + full);
        assertThat(moved.error().details().get("method").asText()).isEqualTo("POST");

        ExecutionRecord refused = call("{ url: \"http://127.0.0.1:" + closed + "/q\"" + query, "", "{}");
        assertThat(refused.error().code()).isEqualTo("CONNECT_FAILED");
        assertThat(refused.error().details().get("url").asText()).isEqualTo("http://127.0.0.1:" + closed + "/q" + full);
        for (ExecutionRecord r : java.util.List.of(failed, moved, refused)) {
            assertThat(r.error().details().has("host")).isTrue();
            assertThat(r.error().details().has("port")).isTrue();
        }
    }

    @Test
    void aNonSuccessAnswerFailsWithItsHttpCodeUnlessAccepted() {
        partner.on("/missing", (m, q, b, hd) -> TestPartner.Answer.json(404, "{\"error\":\"no such order\"}"));
        ExecutionRecord failed = call("{ url: \"${vars.base}/missing\" }", "", "{}");
        assertThat(failed.error().code()).isEqualTo("HTTP_404");
        assertThat(failed.error().details().get("body").asText()).contains("no such order");
        assertThat(failed.steps()).hasSize(1);

        ExecutionRecord accepted = call("{ url: \"${vars.base}/missing\" }", "acceptStatus: [404]", "{}");
        assertThat(accepted.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(accepted.output().get("status").asInt()).isEqualTo(404);
    }

    @Test
    void aCatchReadsAFailedCallsJsonAnswerParsedAsASuccessfulCallsOutputHasIt() {
        partner.on("/refuse-json", (m, q, b, hd) -> TestPartner.Answer.json(422, "{\"error\":\"out of stock\",\"sku\":7}"));
        partner.on("/refuse-string", (m, q, b, hd) -> TestPartner.Answer.json(409, "\"taken\""));
        partner.on("/refuse-text", (m, q, b, hd) -> new TestPartner.Answer(503, "text/plain", "{\"error\":\"looks like JSON\"}"));
        partner.on("/refuse-mislabelled", (m, q, b, hd) -> TestPartner.Answer.json(500, "<html>oops</html>"));
        partner.on("/refuse-big", (m, q, b, hd) -> TestPartner.Answer.json(500,
                "{\"error\":\"big\",\"pad\":\"" + "x".repeat(5000) + "\"}"));
        FlowVersion v = h.flow("""
                id: caught
                steps:
                  - id: guarded
                    type: try
                    steps:
                      - { id: push, type: connector-call, with: { url: "${vars.base}${input.path}" } }
                    catch:
                      - id: said
                        type: transform
                        script: |
                          const d = error.details;
                          return { code: error.code, json: d.bodyJson === undefined ? 'absent' : d.bodyJson,
                                   reason: d.bodyJson?.error ?? null, text: d.body };
                """);
        Map<String, JsonNode> vars = Map.of("base", TextNode.valueOf(partner.url("")));

        ExecutionRecord json = h.run(v, "{\"path\":\"/refuse-json\"}", vars);
        assertThat(json.status()).as(String.valueOf(json.error())).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertJson(json.output(), """
                {"code":"HTTP_422","json":{"error":"out of stock","sku":7},"reason":"out of stock",
                 "text":"{\\"error\\":\\"out of stock\\",\\"sku\\":7}"}""");

        assertJson(h.run(v, "{\"path\":\"/refuse-string\"}", vars).output(),
                "{\"code\":\"HTTP_409\",\"json\":\"taken\",\"reason\":null,\"text\":\"taken\"}");
        // text stays text, whatever it looks like; so does a body labelled JSON that is not
        assertJson(h.run(v, "{\"path\":\"/refuse-text\"}", vars).output(),
                "{\"code\":\"HTTP_503\",\"json\":\"absent\",\"reason\":null,\"text\":\"{\\\"error\\\":\\\"looks like JSON\\\"}\"}");
        assertJson(h.run(v, "{\"path\":\"/refuse-mislabelled\"}", vars).output(),
                "{\"code\":\"HTTP_500\",\"json\":\"absent\",\"reason\":null,\"text\":\"<html>oops</html>\"}");

        JsonNode big = h.run(v, "{\"path\":\"/refuse-big\"}", vars).output();
        assertThat(big.get("json").asText()).as("over 4 KB: only the start of the text").isEqualTo("absent");
        assertThat(big.get("text").asText()).hasSize(503).endsWith("...");
    }

    @Test
    void aRefusedConnectionFailsWithConnectFailed() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        ExecutionRecord r = call("{ url: \"http://127.0.0.1:" + closedPort + "/x\" }", "", "{}");
        assertThat(r.error().code()).isEqualTo("CONNECT_FAILED");
        assertThat(r.error().message()).contains(String.valueOf(closedPort));
    }

    @Test
    void cloudMetadataAddressesAreDenied() {
        ExecutionRecord r = call("{ url: \"http://169.254.169.254/latest/meta-data\" }", "", "{}");
        assertThat(r.error().code()).isEqualTo("HOST_DENIED");
    }

    @Test
    void flowDataCannotSetCamelHeadersOrSplitHeaders() {
        ExecutionRecord camel = call("{ url: \"${vars.base}/x\", headers: { CamelHttpUri: \"http://evil\" } }", "", "{}");
        assertThat(camel.error().code()).isEqualTo("BAD_REQUEST");
        ExecutionRecord crlf = call("{ url: \"${vars.base}/x\", headers: { x-a: \"${input.v}\" } }", "", "{\"v\":\"a\\r\\nX-Injected: 1\"}");
        assertThat(crlf.error().code()).isEqualTo("BAD_REQUEST");
    }

    @Test
    void aHeaderValueBeyondPrintableAsciiFailsTheStepInsteadOfReachingThePartnerMangled() {
        partner.on("/named", (m, q, b, headers) -> TestPartner.Answer.json(200, "{}"));

        ExecutionRecord r = call("{ url: \"${vars.base}/named\", headers: { X-Name: \"${input.name}\" } }", "",
                "{\"name\":\"Zoë ☃ 日本\"}");

        assertThat(r.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(r.steps().get(0).status()).isEqualTo(TraceEntry.Status.FAILED);
        assertThat(r.error().code()).isEqualTo("BAD_REQUEST");
        assertThat(r.error().message()).contains("Header 'X-Name'").contains("encodeURIComponent");
        assertThat(partner.calls("/named")).isZero();
    }

    @Test
    void aHeaderValuePercentEncodedInItsExpressionReachesThePartnerAsTheTraceShows() {
        AtomicReference<String> seen = new AtomicReference<>();
        partner.on("/encoded", (m, q, b, headers) -> {
            seen.set(headers.get("x-name"));
            return TestPartner.Answer.json(200, "{}");
        });

        // more than the harness's 2 s: run on its own, this may be the JVM's first script, which starts GraalJS
        ExecutionRecord r = call("{ url: \"${vars.base}/encoded\", headers: { X-Name: \"${encodeURIComponent(input.name)}\" } }",
                "timeout: 20s", "{\"name\":\"Zoë ☃ 日本\"}");

        assertThat(r.status()).as(String.valueOf(r.error())).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(seen.get()).isEqualTo("Zo%C3%AB%20%E2%98%83%20%E6%97%A5%E6%9C%AC");
        assertThat(r.steps().get(0).request().get("headers").get("X-Name").asText()).isEqualTo(seen.get());
    }

    @Test
    void textInPayloadsIsDataAndNeverEvaluated() {
        AtomicReference<String> seen = new AtomicReference<>();
        partner.on("/echo", (m, q, body, hd) -> {
            seen.set(body);
            return TestPartner.Answer.json(200, body);
        });
        ExecutionRecord r = call("{ method: POST, url: \"${vars.base}/echo\", body: { note: \"${input.note}\" } }", "",
                "{\"note\":\"${vars.base} {{env:HOME}} #bean:x $simple{body}\"}");
        assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertJson(r.output().get("body"), "{\"note\":\"${vars.base} {{env:HOME}} #bean:x $simple{body}\"}");
    }

    @Test
    void camelEndpointsOffTheAllowListAreRefused() {
        ExecutionRecord r = h.run("""
                id: camel-uri
                steps:
                  - { id: send, type: connector-call, uri: "direct:partner" }
                """, "{}");
        assertThat(r.error().code()).isEqualTo("ENDPOINT_DENIED");
        ExecutionRecord placeholder = h.run("""
                id: camel-placeholder
                steps:
                  - { id: send, type: connector-call, uri: "direct:{{env:HOME}}" }
                """, "{}");
        assertThat(placeholder.error().code()).isEqualTo("ENDPOINT_DENIED");
    }

    @Test
    void aUriNamingAFlowsOwnRouteIsWarnedOfAndRefusedHoweverItIsWritten() throws Exception {
        try (EngineHarness withDirect = new EngineHarness(java.util.List.of("direct"))) {
            withDirect.flow("id: target\nsteps: [ { id: t, type: transform, set: { ran: true } } ]\n");
            // Camel decodes the name: each of these is direct:flows.target.v1, the route of flow target
            for (String uri : java.util.List.of("direct:flows.target.v1", "direct:%66lows.target.v1",
                    "direct:flows%2etarget.v1", "direct://%66%6C%6F%77%73.target.v1?timeout=1000")) {
                String yaml = "id: calls-own\nsteps:\n  - { id: send, type: connector-call, uri: \"" + uri + "\" }\n";
                io.flows.dsl.FlowDsl.Result checked = withDirect.loader.read(
                        yaml.getBytes(java.nio.charset.StandardCharsets.UTF_8), io.flows.dsl.parse.Format.YAML);
                assertThat(checked.warnings()).as(uri).extracting(io.flows.dsl.validate.Problem::code, io.flows.dsl.validate.Problem::path)
                        .containsExactly(org.assertj.core.groups.Tuple.tuple("ALWAYS_FAILS", "steps[0].uri"));
                assertThat(checked.warnings().get(0).message()).as(uri).contains("names a route of the engine's own flows");
                ExecutionRecord r = withDirect.run(yaml, "{}");
                assertThat(r.error().code()).as(uri).isEqualTo("ENDPOINT_DENIED");
            }
            // an escape that Camel decodes to another name is another endpoint, and no flow's
            String other = "id: calls-other\nsteps:\n  - { id: send, type: connector-call, uri: \"direct:%2566lows.target.v1\" }\n";
            assertThat(withDirect.loader.read(other.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    io.flows.dsl.parse.Format.YAML).warnings()).isEmpty();
            assertThat(withDirect.run(other, "{}").error().code()).isEqualTo("ENDPOINT_UNAVAILABLE");
        }
    }

    @Test
    void aPlaceholderOrReferenceWrittenPercentEncodedIsRefusedAsCamelWouldDecodeIt() throws Exception {
        try (EngineHarness withDirect = new EngineHarness(java.util.List.of("direct"))) {
            withDirect.engine.camel().addRoutes(new org.apache.camel.builder.RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:partner").setBody(constant("{\"ok\":true}"));
                }
            });
            // Camel decodes an option's value and then reads it: %23foo is the bean foo of the node's registry,
            // %7B%7Benv:HOME%7D%7D the node's environment
            for (String uri : java.util.List.of("direct:partner?exceptionHandler=%23foo",
                    "direct:partner?timeout=%7B%7Benv:HOME%7D%7D", "direct:partner?timeout=%24%7Benv:HOME%7D")) {
                String yaml = "id: encoded\nsteps:\n  - { id: send, type: connector-call, uri: \"" + uri + "\" }\n";
                io.flows.dsl.FlowDsl.Result checked = withDirect.loader.read(
                        yaml.getBytes(java.nio.charset.StandardCharsets.UTF_8), io.flows.dsl.parse.Format.YAML);
                assertThat(checked.warnings()).as(uri).extracting(io.flows.dsl.validate.Problem::code)
                        .containsExactly("ALWAYS_FAILS");
                ExecutionRecord r = withDirect.run(yaml, "{}");
                assertThat(r.error().code()).as(uri).isEqualTo("ENDPOINT_DENIED");
                assertThat(r.error().message()).as(uri).isEqualTo("endpoint URI '" + uri + "' contains placeholders or"
                        + " references once its %XX escapes are decoded, as Camel decodes them (%23 is #, %7B is {, %24"
                        + " is $); only static URIs are allowed");
            }
            // decoded once, %2523 is the text %23, no reference: the endpoint part%23ner, which nothing consumes
            ExecutionRecord once = withDirect.run("id: once\nsteps:\n  - { id: send, type: connector-call, uri:"
                    + " \"direct:part%2523ner\" }\n", "{}");
            assertThat(once.error().code()).isEqualTo("ENDPOINT_UNAVAILABLE");
        }
    }

    @Test
    void camelEndpointsOnTheAllowListAreCalled() throws Exception {
        try (EngineHarness withDirect = new EngineHarness(java.util.List.of("direct"))) {
            withDirect.engine.camel().addRoutes(new org.apache.camel.builder.RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:partner").setBody(constant("{\"ok\":true}"));
                }
            });
            ExecutionRecord r = withDirect.run("""
                    id: camel-direct
                    steps:
                      - { id: send, type: connector-call, uri: "direct:partner", with: { body: "${input}" } }
                    """, "{\"a\":1}");
            assertThat(r.status()).as("%s", r.error()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertJson(r.output(), "{\"body\":{\"ok\":true}}");
        }
    }

    @Test
    void aDirectEndpointWithoutARouteFailsAtOnceNotAfterCamelsThirtySeconds() throws Exception {
        try (EngineHarness withDirect = new EngineHarness(java.util.List.of("direct"))) {
            long started = System.nanoTime();
            ExecutionRecord r = withDirect.run("""
                    id: camel-nowhere
                    steps:
                      - { id: send, type: connector-call, uri: "direct:nowhere", timeout: 20s }
                    """, "{}");
            assertThat(r.error().code()).isEqualTo("ENDPOINT_UNAVAILABLE");
            assertThat(r.error().message()).isEqualTo("endpoint 'direct:nowhere' has no route consuming from it");
            assertThat(r.error().details().get("uri").asText()).isEqualTo("direct:nowhere");
            assertThat(java.time.Duration.ofNanos(System.nanoTime() - started)).isLessThan(java.time.Duration.ofSeconds(5));
        }
    }

    @Test
    void aCamelEndpointThatBlocksIsStoppedByTheStepTimeoutAndByACancel() throws Exception {
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.BlockingQueue<String> howTheRouteEnded = new java.util.concurrent.LinkedBlockingQueue<>();
        java.util.concurrent.Semaphore entered = new java.util.concurrent.Semaphore(0);
        try (EngineHarness withDirect = new EngineHarness(java.util.List.of("direct"))) {
            withDirect.engine.camel().addRoutes(new org.apache.camel.builder.RouteBuilder() {
                @Override
                public void configure() {
                    // a synchronous route: it holds its caller's thread until it is done
                    from("direct:stuck").process(e -> {
                        entered.release();
                        try {
                            release.await(20, java.util.concurrent.TimeUnit.SECONDS);
                            howTheRouteEnded.add("released");
                        } catch (InterruptedException x) {
                            howTheRouteEnded.add("interrupted");
                        }
                    });
                }
            });
            FlowVersion timed = withDirect.flow("""
                    id: camel-stuck-timeout
                    steps:
                      - { id: send, type: connector-call, uri: "direct:stuck", timeout: 300ms }
                    """);
            ExecutionRecord r = withDirect.engine.start(timed, FlowEngine.manualTrigger(EngineHarness.json("{}")), Map.of())
                    .done().get(5, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(r.status()).isEqualTo(ExecutionStatus.FAILED);
            assertThat(r.error().code()).isEqualTo("STEP_TIMEOUT");
            assertThat(howTheRouteEnded.poll(5, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo("interrupted");

            FlowVersion cancelled = withDirect.flow("""
                    id: camel-stuck-cancel
                    steps:
                      - { id: send, type: connector-call, uri: "direct:stuck", timeout: 30s }
                    """);
            Execution e = withDirect.engine.start(cancelled, FlowEngine.manualTrigger(EngineHarness.json("{}")), Map.of());
            assertThat(entered.tryAcquire(2, 5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            assertThat(withDirect.engine.cancel(e.id())).isTrue();
            ExecutionRecord c = e.done().get(5, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(c.status()).isEqualTo(ExecutionStatus.CANCELLED);
            assertThat(howTheRouteEnded.poll(5, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo("interrupted");
        } finally {
            release.countDown();
        }
    }

    @Test
    void blockingCamelEndpointsHoldAtMost64ThreadsAndTheCallsBeyondWaitTheirTurn() throws Exception {
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.Semaphore entered = new java.util.concurrent.Semaphore(0);
        try (EngineHarness withDirect = new EngineHarness(java.util.List.of("direct"))) {
            withDirect.engine.camel().addRoutes(new org.apache.camel.builder.RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:hold").process(e -> {
                        entered.release();
                        release.await(20, java.util.concurrent.TimeUnit.SECONDS);
                    });
                }
            });
            FlowVersion v = withDirect.flow("""
                    id: camel-many-blocking
                    steps:
                      - { id: send, type: connector-call, uri: "direct:hold", timeout: 30s }
                    """);
            java.util.List<Execution> started = new java.util.ArrayList<>();
            for (int i = 0; i < 80; i++) {
                started.add(withDirect.engine.start(v, FlowEngine.manualTrigger(EngineHarness.json("{}")), Map.of()));
            }
            assertThat(entered.tryAcquire(64, 10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            assertThat(entered.tryAcquire(1, 300, java.util.concurrent.TimeUnit.MILLISECONDS))
                    .as("a 65th call waits for a thread").isFalse();
            long threads = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().startsWith("flows-endpoint-call")).count();
            assertThat(threads).isLessThanOrEqualTo(64);

            release.countDown();
            for (Execution e : started) {
                assertThat(e.done().get(10, java.util.concurrent.TimeUnit.SECONDS).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            }
        } finally {
            release.countDown();
        }
    }
}
