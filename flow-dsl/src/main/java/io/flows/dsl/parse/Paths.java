package io.flows.dsl.parse;

import java.util.regex.Pattern;

/** Builds and takes apart document paths such as {@code steps[2].when[0].steps[0]}. */
public final class Paths {

    private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$-]*");

    private Paths() {
    }

    public static String field(String parent, String key) {
        String k = PLAIN_KEY.matcher(key).matches() ? key : "[\"" + key.replace("\"", "\\\"") + "\"]";
        if (k.startsWith("[")) {
            return parent + k;
        }
        return parent.isEmpty() ? k : parent + "." + k;
    }

    public static String index(String parent, int i) {
        return parent + "[" + i + "]";
    }

    public static String parent(String path) {
        int cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
        return cut <= 0 ? "" : path.substring(0, cut);
    }
}
