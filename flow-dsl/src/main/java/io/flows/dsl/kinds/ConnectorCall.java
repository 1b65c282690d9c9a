package io.flows.dsl.kinds;

import com.fasterxml.jackson.databind.JsonNode;
import io.flows.dsl.model.Field;
import io.flows.dsl.model.Kind;
import io.flows.dsl.model.StepConfig;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Calls another system: over HTTP, through a named connection, or a Camel endpoint. */
@Kind(name = "connector-call", title = "Call a system", category = "integration",
        description = "Call a system over HTTP (connector: http), through a named connection, or a Camel endpoint URI on the "
                + "operator's allow-list. Output: {status, headers, body}: body is the answer parsed when it is JSON, its "
                + "text when it is text, and the base64 of its bytes when it is binary (an image, a PDF), with "
                + "bodyEncoding: base64 beside it; a gzip or deflate answer is decoded first.")
public record ConnectorCall(
        @Field(title = "Connector", description = "The built-in connector to use: http (an HTTP request described by with). "
                + "It is the default when neither connection nor uri is given.", defaultValue = "\"http\"")
        String connector,
        @Field(title = "Connection", description = "A named connection profile (e.g. erp); the node's environment picks its variant.", widget = "connection")
        String connection,
        @Field(title = "Endpoint URI", description = "A static Camel endpoint URI (no {{...}}, #, ${...} or RAW(...)) whose "
                + "component is on the node's allow-list, flows.camel.allowed-components (empty by default: no uri call "
                + "runs until an operator allows a component). It is sent with.headers and with.body (default: the step's "
                + "input); the output is {body}, the endpoint's answer, parsed when it is JSON.")
        String uri,
        @Field(title = "Request", description = "What to send.", evaluated = true)
        Request with,
        @Field(title = "Accepted statuses", description = "Non-2xx statuses that do not fail the step (HTTP statuses, 100 to 599). "
                + "Any other non-2xx answer fails it with HTTP_<status>, whose error.details hold body, the start of the "
                + "answer as text, and bodyJson, the whole answer parsed when it is JSON of at most 4 KB "
                + "(${error.details.bodyJson.error} in a catch).")
        List<Integer> acceptStatus) implements StepConfig {

    /** What a connection (and an environment) may be named: the service refuses to store a profile under another name. */
    public static final Pattern CONNECTION_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,99}");

    /** The request of a connector call; every string may hold ${...} expressions. */
    public record Request(
            @Field(title = "Method", description = "The HTTP method.", defaultValue = "\"GET\"")
            Method method,
            @Field(title = "URL", description = "Absolute URL, or a path relative to the connection's base URL.", widget = "expression")
            String url,
            @Field(title = "Headers", description = "Request headers; values may hold ${...}. A value may hold only printable ASCII and tabs: percent-encode other text, e.g. ${encodeURIComponent(input.name)}. Camel* headers are refused.", widget = "mapping")
            Map<String, String> headers,
            @Field(title = "Query parameters", description = "Added to the URL, encoded; values may hold ${...}.", widget = "mapping")
            Map<String, JsonNode> query,
            @Field(title = "Body", description = "Sent as JSON (or as text when it is a string).", widget = "expression")
            JsonNode body) {
    }

    /** The HTTP methods a call may use. */
    public enum Method {
        GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS
    }
}
