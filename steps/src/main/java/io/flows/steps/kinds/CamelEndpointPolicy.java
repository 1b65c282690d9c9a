package io.flows.steps.kinds;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.apache.camel.CamelContext;

/**
 * Which Camel endpoints a {@code uri:} call may reach: those of a component the operator allows
 * ({@code flows.camel.allowed-components}, empty by default), written as a static URI. The same rules refuse a call
 * at run time ({@code ENDPOINT_DENIED}) and warn of it at validation, so the two cannot disagree.
 *
 * <p>A component that reaches another system (a broker, a database, a remote host) is the operator's choice. One
 * that acts on the node itself — runs commands or code, reads or writes its files, or drives its Camel context — can
 * never be allowed: a flow author, who may not administer the node, would gain that power through a flow. The list is
 * of the components known to do so; an allow-list names components one by one, so a component missing here is
 * still off until an operator names it.
 */
public final class CamelEndpointPolicy {

    /** The {@code direct:} names of the engine's own flow routes; a call into one would run a flow outside any execution. */
    public static final String FLOW_ROUTES = "flows.";

    private static final Pattern COMPONENT_NAME = Pattern.compile("[a-z0-9][a-z0-9-]*");
    private static final String TEMPLATE = "it loads the template or transformation its URI names from the node's"
            + " files or class path, and some of them run code";

    /** Components no allow-list may name, and why. */
    private static final Map<String, String> NEVER = Map.ofEntries(
            Map.entry("exec", "it runs operating-system commands on the node"),
            Map.entry("bean", "it calls Java objects of the node"),
            Map.entry("class", "it creates and calls any Java class on the node's class path"),
            Map.entry("language", "it runs scripts (Groovy, JavaScript, ...) on the node"),
            Map.entry("controlbus", "it starts and stops the node's routes, the flows' own included"),
            Map.entry("ref", "it looks endpoints up in the node's registry"),
            Map.entry("kamelet", "it creates routes from the templates installed on the node"),
            Map.entry("file", "it reads and writes the node's files"),
            Map.entry("file-watch", "it watches the node's files"),
            Map.entry("stream", "it reads and writes the node's files, console and any URL, past the host policy"),
            Map.entry("jmx", "it reads the node's management beans"),
            Map.entry("xslt", TEMPLATE),
            Map.entry("xslt-saxon", TEMPLATE),
            Map.entry("xquery", TEMPLATE),
            Map.entry("velocity", TEMPLATE),
            Map.entry("freemarker", TEMPLATE),
            Map.entry("mustache", TEMPLATE),
            Map.entry("string-template", TEMPLATE),
            Map.entry("chunk", TEMPLATE),
            Map.entry("jte", TEMPLATE),
            Map.entry("thymeleaf", TEMPLATE),
            Map.entry("mvel", TEMPLATE),
            Map.entry("jslt", TEMPLATE),
            Map.entry("jolt", TEMPLATE),
            Map.entry("jsonata", TEMPLATE));

    private final List<String> allowed;

    /** The policy of a node allowing {@code allowed}; null: a policy that knows no node (validation off-line). */
    public CamelEndpointPolicy(List<String> allowed) {
        this.allowed = allowed == null ? null : List.copyOf(allowed);
    }

    /**
     * The operator's list, stripped of blanks, once it is checked: every entry a component name, none that can never
     * be allowed, each installed in {@code camel} (null: not checked).
     *
     * @throws IllegalArgumentException saying which entry is wrong and why
     */
    public static List<String> checkedAllowList(List<String> names, CamelContext camel) {
        List<String> out = new ArrayList<>();
        for (String raw : names == null ? List.<String>of() : names) {
            String name = raw == null ? "" : raw.strip();
            if (name.isEmpty()) {
                continue;
            }
            if (!COMPONENT_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("'" + name + "' is not a Camel component name (lower-case letters,"
                        + " digits and '-', as in the scheme of a URI: direct, not direct:)");
            }
            if (NEVER.containsKey(name)) {
                throw new IllegalArgumentException("'" + name + "' can never be allowed: " + NEVER.get(name));
            }
            if (camel != null && camel.getComponent(name) == null) {
                throw new IllegalArgumentException("'" + name + "' is not installed: no Camel component of that name is"
                        + " on the class path (installed: " + String.join(", ", installed(camel)) + ")");
            }
            out.add(name);
        }
        return List.copyOf(out);
    }

    private static Set<String> installed(CamelContext camel) {
        Set<String> names = new TreeSet<>(camel.getComponentNames());
        try {
            names.addAll(org.apache.camel.support.PluginHelper.getComponentNameResolver(camel).resolveNames(camel));
        } catch (RuntimeException e) {
            // only the message's list is shorter
        }
        return names;
    }

    /** Why a call to {@code uri} can never be made, whatever the node allows; null when the URI itself is fine. */
    public String staticRefusal(String uri) {
        return staticRefusal(uri, true);
    }

    /**
     * As {@link #staticRefusal(String)}, of the endpoint Camel resolved a call's URI to ({@code getEndpointBaseUri()}),
     * whose name Camel has decoded already: decoded again, {@code direct:%2566lows.x} (the endpoint
     * {@code %66lows.x}) would be taken for a flow's route.
     */
    public String resolvedRefusal(String baseUri) {
        return staticRefusal(baseUri, false);
    }

    private String staticRefusal(String uri, boolean written) {
        if (resolvable(uri)) {
            return "endpoint URI '" + uri + "' contains placeholders or references; only static URIs are allowed";
        }
        if (written && resolvable(percentDecoded(uri))) {
            // Camel decodes an option's value before it reads it: ?handler=%23foo looks the bean foo up, and
            // ?timeout=%7B%7Benv:X%7D%7D reads the node's environment
            return "endpoint URI '" + uri + "' contains placeholders or references once its %XX escapes are decoded,"
                    + " as Camel decodes them (%23 is #, %7B is {, %24 is $); only static URIs are allowed";
        }
        String scheme = scheme(uri);
        if (NEVER.containsKey(scheme)) {
            return "Camel component '" + scheme + "' can never be allowed: " + NEVER.get(scheme);
        }
        String name = written ? percentDecoded(path(uri)) : path(uri);
        if (scheme.equals("direct") && name.startsWith(FLOW_ROUTES)) {
            return "endpoint URI '" + uri + "' names a route of the engine's own flows (direct:" + FLOW_ROUTES
                    + "...); use a call-flow step to run a flow";
        }
        return null;
    }

    /** Whether Camel would resolve something in {@code text}: a property placeholder, a bean reference, Simple. */
    private static boolean resolvable(String text) {
        return text.contains("{{") || text.contains("${") || text.contains("#") || text.contains("RAW(")
                || text.contains("$simple");
    }

    /** Why a call to {@code uri} is refused on this node; null when it is allowed (or, with no node, could be). */
    public String refusal(String uri) {
        String refusal = staticRefusal(uri);
        if (refusal != null || allowed == null) {
            return refusal;
        }
        String scheme = scheme(uri);
        if (!allowed.contains(scheme)) {
            return "Camel component '" + scheme + "' is not on this node's allow-list (flows.camel.allowed-components"
                    + (allowed.isEmpty() ? ", which is empty)" : ": " + String.join(", ", allowed) + ")");
        }
        return null;
    }

    static String scheme(String uri) {
        int colon = uri.indexOf(':');
        return colon < 0 ? uri : uri.substring(0, colon);
    }

    /**
     * {@code text} with its {@code %XX} escapes of ASCII characters decoded, as Camel decodes a direct endpoint's
     * name ({@code direct:%66lows.x} is {@code direct:flows.x}) and options' values; others are kept, since no escape
     * of a non-ASCII character decodes to the ASCII of {@link #FLOW_ROUTES} or of a placeholder.
     */
    private static String percentDecoded(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            int value = c == '%' && i + 2 < text.length() ? hexByte(text.charAt(i + 1), text.charAt(i + 2)) : -1;
            if (value >= 0 && value < 0x80) {
                out.append((char) value);
                i += 2;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static int hexByte(char high, char low) {
        int h = hexDigit(high);
        int l = hexDigit(low);
        return h < 0 || l < 0 ? -1 : h * 16 + l;
    }

    /** An ASCII hex digit's value (Character.digit also reads other scripts' digits, which a URI escape is not). */
    private static int hexDigit(char c) {
        return c < 0x80 ? Character.digit(c, 16) : -1;
    }

    /** What follows the scheme, without {@code //} and options: a direct endpoint's name. */
    private static String path(String uri) {
        String rest = uri.substring(Math.min(uri.length(), scheme(uri).length() + 1));
        while (rest.startsWith("/")) {
            rest = rest.substring(1);
        }
        int options = rest.indexOf('?');
        return options < 0 ? rest : rest.substring(0, options);
    }
}
