package io.flows.dsl.parse;

import com.fasterxml.jackson.databind.JsonNode;
import io.flows.dsl.text.Abbreviation;
import java.util.Map;
import java.util.function.Predicate;

/**
 * YAML tags on values ({@code !Ref foo}, {@code !!binary aGVsbG8=}, {@code !!python/object/apply:os.system [...]}).
 * Flows reads plain JSON values and never builds an object from a tag: the value is read as if it had none. A tag
 * that would have meant something else (any tag but YAML's core ones, or a core one on a value of another type, such
 * as {@code !!bool yes}, which is the text "yes") is reported, or it would vanish without a word.
 */
final class YamlTags {

    /** How the YAML parser names the core tags ({@code !!str} is {@code tag:yaml.org,2002:str}). */
    private static final String CORE = "tag:yaml.org,2002:";
    /** YAML's core schema: the value each tag stands for, and that value's name for people. */
    private static final Map<String, Map.Entry<Predicate<JsonNode>, String>> CORE_TAGS = Map.of(
            "str", Map.entry(JsonNode::isTextual, "text (quoted)"),
            "int", Map.entry(JsonNode::isIntegralNumber, "whole number"),
            "float", Map.entry(JsonNode::isNumber, "number"),
            "bool", Map.entry(JsonNode::isBoolean, "boolean (true or false)"),
            "null", Map.entry(JsonNode::isNull, "null (null or ~)"),
            "map", Map.entry(JsonNode::isObject, "mapping"),
            "seq", Map.entry(JsonNode::isArray, "list"));

    private YamlTags() {
    }

    /**
     * Why the tag the parser reports as {@code typeId} is ignored on {@code value}, which was read without it; null when
     * the tag says what the value is anyway ({@code !!str "a"}, {@code !!int 5}).
     */
    static String ignored(String typeId, JsonNode value) {
        if (typeId == null) {
            return null;
        }
        String core = typeId.startsWith(CORE) ? typeId.substring(CORE.length()) : null;
        Map.Entry<Predicate<JsonNode>, String> type = core == null ? null : CORE_TAGS.get(core);
        if (type != null && type.getKey().test(value)) {
            return null;
        }
        String tag = core != null ? "!!" + core : typeId.isEmpty() ? "!" : typeId.contains(":") ? "!<" + typeId + ">" : "!" + typeId;
        if (type != null) {
            return "the YAML tag " + tag + " does not change how Flows reads a value, so it is ignored: this value is "
                    + described(value) + "; write it as a " + type.getValue() + " and remove the tag";
        }
        return "the YAML tag " + tag + " is not supported (Flows reads plain values: text, numbers, booleans, null,"
                + " lists and mappings), so it is ignored: this value is " + described(value) + "; remove the tag";
    }

    private static String described(JsonNode value) {
        if (value.isTextual()) {
            return "the text '" + Abbreviation.of(value.textValue(), 60) + "'";
        }
        if (value.isNumber()) {
            return "the number " + value.asText();
        }
        if (value.isBoolean() || value.isNull()) {
            return value.asText();
        }
        return value.isArray() ? "a list of " + value.size() + (value.size() == 1 ? " item" : " items")
                : "a mapping of " + value.size() + (value.size() == 1 ? " field" : " fields");
    }
}
