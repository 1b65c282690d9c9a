package io.flows.engine.auth;

import io.flows.engine.StartRefused;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.env.Environment;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.runtime.server.EmbeddedServer;
import jakarta.inject.Singleton;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs before this node does anything (DESIGN.md §7): registers {@code FLOWS_ADMIN_TOKEN}, says whether
 * authentication is on, and refuses to listen beyond the loopback address while it is off, unless
 * {@code flows.auth.allow-open} says so. The service calls it when it starts, before it recovers any work (a refused
 * start must not have run executions first); the HTTP server's creation calls it too, whatever started that. Tools
 * that open the database without a server skip all this.
 */
@Singleton
public class ServingGuard implements BeanCreatedEventListener<EmbeddedServer> {

    private static final Logger LOG = LoggerFactory.getLogger(ServingGuard.class);

    private final BeanProvider<TokenService> tokens;
    private final BeanProvider<AuthConfig> config;
    private final Environment environment;
    private boolean checked;

    ServingGuard(BeanProvider<TokenService> tokens, BeanProvider<AuthConfig> config, Environment environment) {
        this.tokens = tokens;
        this.config = config;
        this.environment = environment;
    }

    @Override
    public EmbeddedServer onCreated(BeanCreatedEvent<EmbeddedServer> event) {
        check();
        return event.getBean();
    }

    /**
     * The checks, once.
     *
     * @throws StartRefused for an address beyond loopback while authentication is off, or a malformed admin token
     */
    public synchronized void check() {
        if (checked) {
            return;
        }
        TokenService t = tokens.get();
        t.registerAdminToken();
        String host = environment.getProperty("micronaut.server.host", String.class).orElse("");
        boolean on = t.authOn();
        if (on) {
            LOG.info("authentication is ON: /api/** and /prometheus need Authorization: Bearer <token> (node environment {})",
                    t.environment());
        } else if (isLoopback(host)) {
            LOG.info("authentication is OFF (no API tokens exist yet): listening on {} only; "
                    + "create a token (POST /api/tokens, `flows token create`) to turn it on", host);
        } else if (config.get().isAllowOpen()) {
            LOG.warn("AUTHENTICATION IS OFF and the service listens on {} because flows.auth.allow-open=true: "
                    + "anyone who can reach this address can read, change and run every flow", describe(host));
        } else {
            throw new StartRefused("refusing to listen on " + describe(host) + " with authentication off: "
                    + "no API token exists. Set FLOWS_ADMIN_TOKEN (see `flows token generate`), or create a token while "
                    + "listening on 127.0.0.1, or set FLOWS_AUTH=required, or (not recommended) FLOWS_AUTH_ALLOW_OPEN=true");
        }
        checked = true;
    }

    private static String describe(String host) {
        return host.isBlank() ? "every address (micronaut.server.host is empty)" : host;
    }

    public static boolean isLoopback(String host) {
        if (host == null || host.isBlank()) {
            return false;
        }
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        try {
            InetAddress[] all = InetAddress.getAllByName(h);
            return all.length > 0 && Arrays.stream(all).allMatch(InetAddress::isLoopbackAddress);
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
