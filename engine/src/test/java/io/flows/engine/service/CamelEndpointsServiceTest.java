package io.flows.engine.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.flows.engine.runtime.FlowEngine;
import io.flows.engine.support.Http;
import io.flows.engine.support.TestDatabase;
import io.flows.engine.support.TestService;
import io.micronaut.runtime.server.EmbeddedServer;
import java.util.List;
import java.util.Map;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code uri:} calls in the service: the operator's allow-list ({@code flows.camel.allowed-components}) lets a
 * component's endpoints be called; anything else fails with ENDPOINT_DENIED and is warned of at validation; a list
 * naming a component that acts on the node itself, or one that is not installed, stops the start.
 */
@Timeout(120)
class CamelEndpointsServiceTest {

    private static final String CALLS = """
            id: %s
            steps:
              - { id: send, type: connector-call, uri: "%s", with: { body: "${input}" } }
            """;

    @Test
    void anAllowedComponentIsCalledAndTheOthersFailWithEndpointDenied() throws Exception {
        try (TestDatabase db = TestDatabase.h2()) {
            Map<String, Object> props = TestService.properties(db);
            props.put("flows.camel.allowed-components", List.of("direct"));
            EmbeddedServer server = TestService.start(props);
            try {
                // an operator's route: the service itself has none but the flows'
                server.getApplicationContext().getBean(FlowEngine.class).camel().addRoutes(new RouteBuilder() {
                    @Override
                    public void configure() {
                        from("direct:partner").setBody(simple("{\"echo\": ${body}}"));
                    }
                });
                Http http = new Http(TestService.baseUrl(server));
                JsonNode ok = run(http, "calls-partner", "direct:partner");
                assertThat(ok.path("status").asText()).as(ok.toString()).isEqualTo("SUCCEEDED");
                assertThat(ok.path("output").path("body").toString()).isEqualTo("{\"echo\":{\"n\":1}}");
                assertThat(validate(http, "calls-partner", "direct:partner").has("warnings")).isFalse();

                JsonNode off = run(http, "calls-kafka", "kafka:orders");
                assertThat(off.path("status").asText()).isEqualTo("FAILED");
                assertThat(off.path("error").path("code").asText()).isEqualTo("ENDPOINT_DENIED");
                assertThat(off.path("error").path("message").asText()).isEqualTo(
                        "Camel component 'kafka' is not on this node's allow-list (flows.camel.allowed-components: direct)");

                JsonNode never = run(http, "calls-exec", "exec:rm?args=-rf /");
                assertThat(never.path("error").path("code").asText()).isEqualTo("ENDPOINT_DENIED");
                assertThat(never.path("error").path("message").asText())
                        .isEqualTo("Camel component 'exec' can never be allowed: it runs operating-system commands on the node");

                // the route of a flow is the engine's: a call into it would run that flow outside any execution
                for (String route : List.of("direct:flows.calls-partner.v1", "direct://flows.calls-partner.v1?timeout=1000",
                        "direct:%66lows.calls-partner.v1")) {
                    JsonNode own = run(http, "calls-own", route);
                    assertThat(own.path("error").path("code").asText()).as(route).isEqualTo("ENDPOINT_DENIED");
                    assertThat(own.path("error").path("message").asText()).contains("a route of the engine's own flows");
                }

                JsonNode warned = validate(http, "calls-kafka", "kafka:orders");
                assertThat(warned.path("valid").asBoolean()).isTrue();
                assertThat(warned.path("warnings").size()).isEqualTo(1);
                JsonNode w = warned.path("warnings").get(0);
                assertThat(w.path("code").asText()).isEqualTo("ALWAYS_FAILS");
                assertThat(w.path("path").asText()).isEqualTo("steps[0].uri");
                assertThat(w.path("line").asInt()).isEqualTo(3);
                assertThat(w.path("message").asText()).isEqualTo("Camel component 'kafka' is not on this node's allow-list"
                        + " (flows.camel.allowed-components: direct), so the step always fails with ENDPOINT_DENIED");
                JsonNode nested = http.post("/api/flows/validate", "application/yaml", """
                        id: nested
                        steps:
                          - id: guarded
                            type: try
                            steps:
                              - { id: send, type: connector-call, uri: "exec:ls" }
                            catch:
                              - { id: send2, type: connector-call, uri: "direct:{{env:HOME}}" }
                        """).json();
                assertThat(nested.path("warnings").findValuesAsText("path"))
                        .containsExactly("steps[0].steps[0].uri", "steps[0].catch[0].uri");
            } finally {
                server.getApplicationContext().close();
            }
        }
    }

    @Test
    void withoutTheSettingNoComponentIsAllowed() throws Exception {
        try (TestDatabase db = TestDatabase.h2()) {
            EmbeddedServer server = TestService.start(TestService.properties(db));
            try {
                Http http = new Http(TestService.baseUrl(server));
                JsonNode denied = run(http, "calls-partner", "direct:partner");
                assertThat(denied.path("error").path("code").asText()).isEqualTo("ENDPOINT_DENIED");
                assertThat(denied.path("error").path("message").asText()).isEqualTo(
                        "Camel component 'direct' is not on this node's allow-list (flows.camel.allowed-components, which is empty)");
                assertThat(validate(http, "calls-partner", "direct:partner").path("warnings").get(0).path("code").asText())
                        .isEqualTo("ALWAYS_FAILS");
            } finally {
                server.getApplicationContext().close();
            }
        }
    }

    @Test
    void aListNamingAComponentThatActsOnTheNodeOrIsNotInstalledStopsTheStart() throws Exception {
        try (TestDatabase db = TestDatabase.h2()) {
            Map<String, String> refusals = Map.of(
                    "direct, exec", "flows.camel.allowed-components (FLOWS_CAMEL_ALLOWED_COMPONENTS): 'exec' can never be"
                            + " allowed: it runs operating-system commands on the node",
                    "kafka", "flows.camel.allowed-components (FLOWS_CAMEL_ALLOWED_COMPONENTS): 'kafka' is not installed:"
                            + " no Camel component of that name is on the class path (installed: direct)",
                    "direct:", "flows.camel.allowed-components (FLOWS_CAMEL_ALLOWED_COMPONENTS): 'direct:' is not a Camel"
                            + " component name (lower-case letters, digits and '-', as in the scheme of a URI: direct, not direct:)");
            for (var refusal : refusals.entrySet()) {
                Map<String, Object> props = TestService.properties(db);
                props.put("flows.camel.allowed-components", refusal.getKey());
                assertThatThrownBy(() -> TestService.start(props).getApplicationContext().close())
                        .as(refusal.getKey())
                        .hasStackTraceContaining(refusal.getValue());
            }
        }
    }

    private static JsonNode run(Http http, String id, String uri) {
        Http.Answer saved = http.post("/api/flows", "application/yaml", CALLS.formatted(id, uri));
        if (saved.status() == 409) {
            saved = http.put("/api/flows/" + id, "application/yaml", CALLS.formatted(id, uri));
        }
        assertThat(saved.status()).as(saved.toString()).isIn(200, 201);
        Http.Answer run = http.postJson("/api/flows/" + id + "/executions?wait=true", "{\"n\": 1}");
        assertThat(run.status()).as(run.toString()).isIn(200, 201);
        return run.json();
    }

    private static JsonNode validate(Http http, String id, String uri) {
        return http.post("/api/flows/validate", "application/yaml", CALLS.formatted(id, uri)).json();
    }
}
