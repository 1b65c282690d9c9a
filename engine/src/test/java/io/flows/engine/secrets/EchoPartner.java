package io.flows.engine.secrets;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flows.engine.support.Http;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A partner that echoes back everything it received (headers, raw query, body), plus copies of the
 * {@code X-Api-Key} it got in base64, URL encoding and inside a Basic credential, as a careless system might.
 * {@code /fail} answers the same with status 500.
 */
final class EchoPartner implements AutoCloseable {

    private final HttpServer server;

    EchoPartner() throws IOException {
        System.setProperty("sun.net.httpserver.nodelay", "true");
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.createContext("/", this::echo);
        server.start();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    private void echo(HttpExchange x) throws IOException {
        ObjectNode out = Http.JSON.createObjectNode();
        out.put("method", x.getRequestMethod());
        out.put("rawQuery", x.getRequestURI().getRawQuery());
        ObjectNode headers = out.putObject("headers");
        x.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), String.join(",", v)));
        out.put("body", new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        String key = x.getRequestHeaders().getFirst("X-Api-Key");
        if (key != null) {
            byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
            ObjectNode copies = out.putObject("copies");
            copies.put("base64", Base64.getEncoder().encodeToString(bytes));
            copies.put("base64NoPadding", Base64.getEncoder().withoutPadding().encodeToString(bytes));
            copies.put("base64Url", Base64.getUrlEncoder().encodeToString(bytes));
            copies.put("urlForm", URLEncoder.encode(key, StandardCharsets.UTF_8));
            copies.put("urlPath", URLEncoder.encode(key, StandardCharsets.UTF_8).replace("+", "%20"));
            copies.put("basic", "Basic " + Base64.getEncoder().encodeToString(("erp:" + key).getBytes(StandardCharsets.UTF_8)));
            copies.put("jsonText", Http.JSON.writeValueAsString(Http.JSON.createObjectNode().put("key", key)));
        }
        byte[] answer = Http.JSON.writeValueAsBytes(out);
        x.getResponseHeaders().add("Content-Type", "application/json");
        x.getResponseHeaders().add("X-Echoed-Key", key == null ? "" : key);
        x.sendResponseHeaders(x.getRequestURI().getPath().startsWith("/fail") ? 500 : 200, answer.length);
        x.getResponseBody().write(answer);
        x.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
