package io.flows.bench.baseline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.runtime.Micronaut;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import org.reactivestreams.Publisher;

/**
 * Baseline for {@code bench/http.sh}: the work of the order → ERP flow (compute the total in Java, POST the
 * order with its total to the ERP stub, answer {@code {orderId, total, erpId}}) as a plain Micronaut
 * controller, with no engine and no recording. Two variants of the outbound call:
 * <ul>
 *   <li>{@code POST /baseline/jdk}: the JDK {@link java.net.http.HttpClient}, blocking, on Micronaut's blocking
 *       executor (like the engine's controller, which is {@code @ExecuteOn(BLOCKING)} and waits);</li>
 *   <li>{@code POST /baseline/mn}: the Micronaut HTTP client, non-blocking on the Netty event loop.</li>
 * </ul>
 * Run with only {@code bench}'s classes and the third-party jars on the class path (not the engine's classes,
 * whose beans would start the whole service); {@code -Derp.url=http://127.0.0.1:PORT}.
 */
public final class BaselineApp {

    private BaselineApp() {
    }

    public static void main(String[] args) {
        Micronaut.build(args).mainClass(BaselineApp.class).deduceEnvironment(false).banner(false).start();
    }

    @Controller("/baseline")
    public static class OrderController {

        private static final ObjectMapper JSON = new ObjectMapper();

        private final java.net.http.HttpClient jdk = java.net.http.HttpClient.newBuilder()
                .version(java.net.http.HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        private final HttpClient micronaut;
        private final URI erpOrders;

        public OrderController(@Client("${erp.url}") HttpClient micronaut, @Value("${erp.url}") String erpUrl) {
            this.micronaut = micronaut;
            this.erpOrders = URI.create(erpUrl + "/orders");
        }

        /** The transform step's work: the input with the customer upper-cased and the total added. */
        static ObjectNode total(byte[] body) throws IOException {
            ObjectNode in = (ObjectNode) JSON.readTree(body);
            double total = 0;
            for (JsonNode i : in.path("items")) {
                total += i.path("qty").asDouble() * i.path("price").asDouble();
            }
            ObjectNode out = in.deepCopy();
            out.put("customer", in.path("customer").asText().toUpperCase());
            out.put("total", total);
            return out;
        }

        /** The output expression's work. */
        static byte[] answer(ObjectNode order, byte[] erpBody) throws IOException {
            JsonNode erp = JSON.readTree(erpBody);
            ObjectNode out = JSON.createObjectNode();
            out.set("orderId", order.get("orderId"));
            out.set("total", order.get("total"));
            out.set("erpId", erp.get("erpId"));
            return JSON.writeValueAsBytes(out);
        }

        @Post("/jdk")
        @Consumes(MediaType.ALL)
        @Produces(MediaType.APPLICATION_JSON)
        @ExecuteOn(TaskExecutors.BLOCKING)
        public HttpResponse<byte[]> jdk(@Body byte[] body) throws Exception {
            ObjectNode order = total(body);
            var request = java.net.http.HttpRequest.newBuilder(erpOrders)
                    .timeout(Duration.ofSeconds(5))
                    .header("Content-Type", "application/json")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(order)))
                    .build();
            var erp = jdk.send(request, java.net.http.HttpResponse.BodyHandlers.ofByteArray());
            if (erp.statusCode() / 100 != 2) {
                return HttpResponse.status(io.micronaut.http.HttpStatus.BAD_GATEWAY);
            }
            return HttpResponse.ok(answer(order, erp.body()));
        }

        @Post("/mn")
        @Consumes(MediaType.ALL)
        @Produces(MediaType.APPLICATION_JSON)
        public Publisher<HttpResponse<byte[]>> mn(@Body byte[] body) throws IOException {
            ObjectNode order = total(body);
            HttpRequest<byte[]> request = HttpRequest.POST(erpOrders.getPath(), JSON.writeValueAsBytes(order))
                    .contentType(MediaType.APPLICATION_JSON_TYPE);
            return Publishers.map(micronaut.exchange(request, byte[].class), erp -> {
                try {
                    return HttpResponse.ok(answer(order, erp.body()));
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
        }
    }
}
