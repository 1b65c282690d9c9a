package io.flows.steps.kinds;

import io.flows.steps.StepFailure;
import io.flows.steps.runtime.SecretSource;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Text of a connection profile that may hold {@code ${secrets.NAME}} references: resolved at the
 * last moment before a call, never stored or recorded resolved.
 */
final class SecretText {

    static final Pattern REFERENCE = Pattern.compile("\\$\\{\\s*secrets\\.([A-Za-z0-9_-]+)\\s*}");

    private SecretText() {
    }

    static boolean hasReference(String text) {
        return text != null && REFERENCE.matcher(text).find();
    }

    /** {@code text} with every reference replaced by its secret's value; {@code SECRET_NOT_FOUND} when one is unset. */
    static String resolve(String text, SecretSource secrets, String usedBy) {
        if (text == null || !hasReference(text)) {
            return text;
        }
        Matcher m = REFERENCE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String value = secrets.value(name).orElseThrow(() -> StepFailure.permanent("SECRET_NOT_FOUND",
                    "secret '" + name + "' used by " + usedBy + " is not set on this node: " + secrets.howToSet(name)));
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }
}
