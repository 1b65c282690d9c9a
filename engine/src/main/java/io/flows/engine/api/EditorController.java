package io.flows.engine.api;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.swagger.v3.oas.annotations.Hidden;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The web editor: its assets are static resources under {@code /assets}; its own routes
 * ({@code /}, {@code /flows/...}) all answer with {@code index.html} so the client-side router
 * can take over after a reload.
 */
@Controller
@Hidden
public class EditorController {

    private static final String INDEX = "public/index.html";

    private final byte[] index;

    public EditorController() {
        try (InputStream in = EditorController.class.getClassLoader().getResourceAsStream(INDEX)) {
            this.index = in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Get(produces = MediaType.TEXT_HTML)
    public HttpResponse<?> root() {
        return page();
    }

    @Get(uri = "/flows{/path:.*}", produces = MediaType.TEXT_HTML)
    public HttpResponse<?> flows(@PathVariable @io.micronaut.core.annotation.Nullable String path) {
        return page();
    }

    private HttpResponse<?> page() {
        if (index == null) {
            return HttpResponse.ok("<!doctype html><title>Flows</title><p>The editor is not part of this build "
                    + "(build it with <code>mvn package</code> on a machine with Node.js). The REST API is at "
                    + "<a href=\"/api/flows\">/api/flows</a>.</p>").contentType(MediaType.TEXT_HTML_TYPE);
        }
        return HttpResponse.ok(index).contentType(MediaType.TEXT_HTML_TYPE).header("Cache-Control", "no-cache");
    }
}
