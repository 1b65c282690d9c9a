package io.flows.engine.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.flows.engine.sandbox.SandboxPartner;
import io.flows.engine.sandbox.SandboxResponse;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Options;
import io.micronaut.http.annotation.Patch;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.swagger.v3.oas.annotations.Hidden;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/** Mounts the built-in sandbox partner systems at {@code /sandbox/*} so every sample runs on a fresh install. */
@Controller("/sandbox")
@Hidden
public class SandboxController {

    private final SandboxPartner partner;

    public SandboxController(Clock clock) {
        this.partner = new SandboxPartner(clock);
    }

    @Get("/{+path}")
    public HttpResponse<?> get(HttpRequest<?> request, @PathVariable String path) {
        return handle(request, path, null);
    }

    @Post("/{+path}")
    @Consumes(MediaType.ALL)
    public HttpResponse<?> post(HttpRequest<?> request, @PathVariable String path, @Body @Nullable byte[] body) {
        return handle(request, path, body);
    }

    @Put("/{+path}")
    @Consumes(MediaType.ALL)
    public HttpResponse<?> put(HttpRequest<?> request, @PathVariable String path, @Body @Nullable byte[] body) {
        return handle(request, path, body);
    }

    // partner APIs commonly take PATCH: the partner answers it (405 naming its methods, ?simulate) like any other
    @Patch("/{+path}")
    @Consumes(MediaType.ALL)
    public HttpResponse<?> patch(HttpRequest<?> request, @PathVariable String path, @Body @Nullable byte[] body) {
        return handle(request, path, body);
    }

    @Delete("/{+path}")
    public HttpResponse<?> delete(HttpRequest<?> request, @PathVariable String path) {
        return handle(request, path, null);
    }

    @Options("/{+path}")
    public HttpResponse<?> options(HttpRequest<?> request, @PathVariable String path) {
        return handle(request, path, null);
    }

    private HttpResponse<?> handle(HttpRequest<?> request, String path, byte[] body) {
        Map<String, String> query = new LinkedHashMap<>();
        request.getParameters().forEach((k, v) -> query.put(k, v.isEmpty() ? "" : v.get(0)));
        JsonNode json = body == null || body.length == 0 ? null : Bodies.json(body);
        SandboxResponse r = partner.handle(request.getMethodName(), "/" + path, query, json);
        // by number: a simulated status may be one HttpStatus has no constant for (499, 520, 599)
        MutableHttpResponse<?> answer = HttpResponse.status(r.status(), reason(r.status()));
        if (r.allow() != null) {
            answer.header(HttpHeaders.ALLOW, r.allow());
        }
        return r.body() == null ? answer : answer.contentType(MediaType.APPLICATION_JSON_TYPE).body(r.body());
    }

    private static String reason(int status) {
        String known = HttpStatus.getDefaultReason(status);
        return known == null || known.isBlank() ? "Simulated " + status : known;
    }
}
