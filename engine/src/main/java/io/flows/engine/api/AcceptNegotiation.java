package io.flows.engine.api;

import io.micronaut.context.BeanProvider;
import io.micronaut.core.annotation.Order;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.server.annotation.PreMatching;
import io.micronaut.web.router.RouteAttributes;
import io.micronaut.web.router.Router;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Makes the framework's choice of a route by {@code Accept} follow RFC 9110. Micronaut matches an {@code Accept}
 * only by exact type or {@code *}{@code /*} and ignores quality values, so {@code Accept: application/*} was refused
 * with 406 by every JSON endpoint, {@code text/*} by the one that also answers {@code text/yaml}, and
 * {@code application/json;q=0} was answered with JSON. Before the route is chosen this filter reads the header as
 * RFC 9110 says and writes it back as the list of the concrete types this service's routes produce that it accepts,
 * the most wanted first (their quality values kept), which Micronaut's exact matching then gets right. Once the
 * route is chosen the header is put back as sent ({@link #restore}); a 406 answer names it ({@link #sent}).
 *
 * <p>Some paths answer whatever is accepted ({@link #answersAnyAccept}): for them the header is left out while the
 * route is chosen.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
@Order(-200)
class AcceptNegotiation {

    private static final String SENT = "flows.accept.sent";
    /** Written when nothing this service produces is acceptable: no route produces it, so the framework answers 406. */
    static final String NOTHING = "application/x-flows-nothing-acceptable";

    private final BeanProvider<Router> router;
    private volatile List<String> produced;

    // a provider: the router is made from the filters, this one among them
    AcceptNegotiation(BeanProvider<Router> router) {
        this.router = router;
    }

    @PreMatching
    @RequestFilter
    void negotiate(MutableHttpRequest<?> request) {
        List<String> values = request.getHeaders().getAll(HttpHeaders.ACCEPT);
        if (values.isEmpty()) {
            return;
        }
        String accept = String.join(", ", values);
        if (answersAnyAccept(request.getPath())) {
            request.setAttribute(SENT, accept);
            request.getHeaders().remove(HttpHeaders.ACCEPT);
            return;
        }
        MediaRanges ranges = MediaRanges.parse(accept);
        if (ranges.isEmpty()) {
            return; // nothing readable as a media range: left to the framework, as before
        }
        request.setAttribute(SENT, accept);
        List<String> acceptable = ranges.acceptable(produced());
        String rewritten = acceptable.isEmpty() ? NOTHING : acceptable.stream()
                .map(t -> ranges.quality(t) < 1 ? t + ";q=" + ranges.quality(t) : t)
                .collect(Collectors.joining(", "));
        request.getHeaders().set(HttpHeaders.ACCEPT, rewritten);
    }

    /**
     * Once the route is chosen, puts the header back as sent: the endpoint reads it as RFC 9110 says itself (a flow
     * as JSON or YAML), and a webhook delivery records the headers it came with.
     */
    @RequestFilter
    void restore(MutableHttpRequest<?> request) {
        // without a route the framework decides 404, 405 or 406 after the filters, from the header as rewritten
        if (RouteAttributes.getRouteMatch(request).isPresent()) {
            sent(request).ifPresent(accept -> request.getHeaders().set(HttpHeaders.ACCEPT, accept));
        }
    }

    /**
     * The webhook receiver: a sender's Accept is whatever its HTTP library sends (text/plain, text/html, ...), and a
     * 406 would lose the delivery, as many senders do not retry a 4xx. The sandbox partner: it stands in for partner
     * APIs, which answer their JSON whatever is accepted, so a flow's HTTP step must see the partner's answer (or its
     * simulated failure), not a 406 of ours. (Not {@code @Produces(MediaType.ALL)} on the routes: the OpenAPI
     * document would then say {@code *}{@code /*} where they answer JSON.) The health check needs no such care: the
     * framework's endpoint route answers any Accept.
     */
    private static boolean answersAnyAccept(String path) {
        return path.startsWith("/hooks/") || path.startsWith("/sandbox/");
    }

    /** The {@code Accept} header as the client sent it, when this filter rewrote it. */
    static Optional<String> sent(HttpRequest<?> request) {
        return request.getAttribute(SENT, String.class);
    }

    /** Every concrete media type a route of this service produces, JSON first (so it wins a tie). */
    private List<String> produced() {
        List<String> known = produced;
        if (known == null) {
            TreeSet<String> types = router.get().uriRoutes()
                    .flatMap(route -> route.getProduces().stream())
                    .map(type -> type.getName().toLowerCase(Locale.ROOT))
                    .filter(name -> !name.contains("*"))
                    .collect(Collectors.toCollection(TreeSet::new));
            types.remove(MediaType.APPLICATION_JSON);
            known = new java.util.ArrayList<>(List.of(MediaType.APPLICATION_JSON));
            known.addAll(types);
            produced = known = List.copyOf(known);
        }
        return known;
    }
}
