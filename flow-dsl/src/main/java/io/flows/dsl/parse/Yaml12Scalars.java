package io.flows.dsl.parse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.regex.Pattern;

/**
 * Types an unquoted YAML scalar by the YAML 1.2 core schema, as the editor's YAML library does.
 * The YAML parser underneath follows YAML 1.1, where {@code NO}, {@code off} and {@code y} are
 * booleans, {@code 01234} is the octal number 668 and {@code 1_000} or {@code 1:30} are numbers:
 * a country code, a postal code or a time of day would silently change. Here only {@code true} and
 * {@code false} (also capitalised or upper case) are booleans, and only decimal and {@code 0x}
 * hexadecimal integers and decimal floats are numbers; every other scalar the parser typed stays the
 * text it was written as. (YAML 1.2's {@code 0o17} octal never arrives here: the parser reads it as
 * text, and text it stays.)
 */
final class Yaml12Scalars {

    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);
    private static final Pattern BOOLEAN = Pattern.compile("true|True|TRUE|false|False|FALSE");
    private static final Pattern DECIMAL_INT = Pattern.compile("[-+]?[0-9]+");
    private static final Pattern HEX_INT = Pattern.compile("0x[0-9a-fA-F]+");
    private static final Pattern FLOAT = Pattern.compile("[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?");

    private Yaml12Scalars() {
    }

    /** Whether YAML 1.1's reading of a scalar ({@code yaml11}) and this one's differ in type or number. */
    static boolean differ(JsonNode yaml11, JsonNode yaml12) {
        if (yaml11.isNumber() && yaml12.isNumber()) {
            return yaml11.decimalValue().compareTo(yaml12.decimalValue()) != 0;
        }
        return !yaml11.equals(yaml12);
    }

    /** The value of a plain scalar that the YAML 1.1 parser read as a boolean or a number. */
    static JsonNode typed(String text) {
        if (BOOLEAN.matcher(text).matches()) {
            return NODES.booleanNode(text.charAt(0) == 't' || text.charAt(0) == 'T');
        }
        if (DECIMAL_INT.matcher(text).matches()) {
            return NODES.numberNode(new BigInteger(text));
        }
        if (HEX_INT.matcher(text).matches()) {
            return NODES.numberNode(new BigInteger(text.substring(2), 16));
        }
        if (FLOAT.matcher(text).matches()) {
            return NODES.numberNode(new BigDecimal(text));
        }
        return NODES.textNode(text);
    }
}
