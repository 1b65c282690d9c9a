package io.flows.engine.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flows.dsl.parse.FlowBinder;
import io.flows.engine.runtime.Jsons;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Export, import and token commands through the REST API of a running service. */
final class ApiAccess implements FlowsAccess {

    private final String base;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    private ApiAccess(String base, String token) {
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.token = token == null || token.isBlank() ? null : token.strip();
    }

    /** The API at {@code base}, or null when nothing answers there. */
    static ApiAccess probe(String base, String token) {
        ApiAccess api = new ApiAccess(base, token);
        try {
            HttpResponse<String> r = api.send(HttpRequest.newBuilder(URI.create(api.base + "/health")).GET());
            return r.statusCode() == 200 ? api : null;
        } catch (ConnectException e) {
            return null;
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public List<FlowText> all() throws IOException {
        JsonNode list = Jsons.parse(check(send(HttpRequest.newBuilder(URI.create(base + "/api/flows")).GET())).body());
        List<FlowText> out = new ArrayList<>();
        for (JsonNode f : list) {
            String id = f.get("id").asText();
            HttpResponse<String> r = check(send(HttpRequest.newBuilder(URI.create(base + "/api/flows/" + id))
                    .header("Accept", "application/yaml").GET()));
            out.add(new FlowText(id, r.body(), true, f.path("enabled").asBoolean(true)));
        }
        return out;
    }

    @Override
    public String save(FlowText flow) throws IOException {
        String type = flow.yaml() ? "application/yaml" : "application/json";
        HttpResponse<String> existing = send(HttpRequest.newBuilder(URI.create(base + "/api/flows/" + flow.id()))
                .header("Accept", type).GET());
        if (existing.statusCode() == 404) {
            check(send(HttpRequest.newBuilder(URI.create(base + "/api/flows" + (flow.enabled() ? "" : "?enabled=false")))
                    .header("Content-Type", type).POST(HttpRequest.BodyPublishers.ofString(flow.text()))));
            return flow.enabled() ? "created" : "created disabled";
        }
        check(existing);
        if (existing.body().equals(flow.text()) || !flow.yaml() && sameJsonFlow(existing.body(), flow.text())) {
            return "unchanged";
        }
        String etag = existing.headers().firstValue("ETag").orElse(null);
        HttpRequest.Builder put = HttpRequest.newBuilder(URI.create(base + "/api/flows/" + flow.id()))
                .header("Content-Type", type).PUT(HttpRequest.BodyPublishers.ofString(flow.text()));
        if (etag != null) {
            put.header("If-Match", etag);
        }
        JsonNode saved = Jsons.parse(check(send(put)).body());
        return "version " + saved.path("version").asInt();
    }

    /**
     * The API answers a JSON flow as its parsed document with the fields it adds (version, createdAt,
     * updatedAt), never as the text it was sent as: equal documents without those fields are the same flow.
     */
    private static boolean sameJsonFlow(String served, String file) {
        try {
            JsonNode a = Jsons.parse(served.getBytes(StandardCharsets.UTF_8));
            JsonNode b = Jsons.parse(file.getBytes(StandardCharsets.UTF_8));
            if (!(a instanceof ObjectNode x) || !(b instanceof ObjectNode y)) {
                return false;
            }
            return x.deepCopy().remove(FlowBinder.SERVER_FIELDS).equals(y.deepCopy().remove(FlowBinder.SERVER_FIELDS));
        } catch (IllegalArgumentException notJson) {
            return false;
        }
    }

    /** A JSON call to the API; a non-2xx answer becomes an IOException with the problem's detail. */
    JsonNode json(String method, String path, String body) throws IOException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).header("Accept", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        String text = check(send(b)).body();
        return text.isBlank() ? null : Jsons.parse(text);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException {
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static HttpResponse<String> check(HttpResponse<String> r) throws IOException {
        if (r.statusCode() >= 300) {
            String detail = r.body();
            try {
                JsonNode p = Jsons.parse(detail);
                detail = p.path("detail").asText(detail);
                if (p.has("errors")) {
                    StringBuilder b = new StringBuilder(detail);
                    p.get("errors").forEach(e -> b.append("\n  ").append(e.path("line").asText("?")).append(":")
                            .append(e.path("column").asText("?")).append(": ").append(e.path("code").asText())
                            .append(": ").append(e.path("path").asText()).append(": ").append(e.path("message").asText()));
                    detail = b.toString();
                }
            } catch (IllegalArgumentException notJson) {
                // keep the raw body
            }
            String hint = r.statusCode() == 401 ? " (pass an API token with --token or FLOWS_TOKEN)" : "";
            throw new IOException(r.request().method() + " " + r.request().uri().getPath() + " answered " + r.statusCode() + ": " + detail + hint);
        }
        return r;
    }

    @Override
    public String where() {
        return "the service at " + base;
    }

    @Override
    public void close() {
        // the JDK client has nothing to release on JDK 17
    }
}
