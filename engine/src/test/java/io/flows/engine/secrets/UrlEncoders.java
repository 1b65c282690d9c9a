package io.flows.engine.secrets;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Value;

/**
 * The URL encoders users write secrets with: JavaScript's own (run in GraalJS, as in a flow's {@code ${...}}), Java's
 * form encoding, and RFC 3986 percent-encoding as libraries do it for a query value and for a path segment; each
 * also with lower-case hex.
 */
final class UrlEncoders implements AutoCloseable {

    static final String UNRESERVED = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~";
    private static final Pattern HEX = Pattern.compile("%[0-9A-F]{2}");

    private final Context js = Context.newBuilder("js").option("engine.WarnInterpreterOnly", "false").build();

    /** Encoder name to what it makes of {@code value}. */
    Map<String, String> all(String value) {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("encodeURIComponent", encodeURIComponent(value));
        out.put("encodeURI", js("encodeURI", value));
        String form = URLEncoder.encode(value, StandardCharsets.UTF_8);
        out.put("URLEncoder (form, space as +)", form);
        out.put("URLEncoder with %20 for a space", form.replace("+", "%20"));
        out.put("RFC 3986, unreserved kept", percent(value, UNRESERVED));
        out.put("RFC 3986 path segment, sub-delims, ':' and '@' kept", percent(value, UNRESERVED + "!$&'()*+,;=:@"));
        new LinkedHashMap<>(out).forEach((name, encoded) -> out.put(name + ", lower-case hex",
                HEX.matcher(encoded).replaceAll(m -> m.group().toLowerCase(Locale.ROOT))));
        return out;
    }

    String encodeURIComponent(String value) {
        return js("encodeURIComponent", value);
    }

    private String js(String function, String value) {
        Value f = js.eval("js", function);
        return f.execute(value).asString();
    }

    /** {@code value} percent-encoded (UTF-8, upper-case hex) but for the ASCII characters in {@code keep}. */
    static String percent(String value, String keep) {
        StringBuilder out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            if (b >= 0 && keep.indexOf(b) >= 0) {
                out.append((char) b);
            } else {
                out.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return out.toString();
    }

    @Override
    public void close() {
        js.close();
    }
}
