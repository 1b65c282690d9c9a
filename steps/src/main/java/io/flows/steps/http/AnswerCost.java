package io.flows.steps.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import org.apache.hc.core5.http.ContentType;

/**
 * Estimates the heap an answer takes once it is the step's output: its bytes (kept as text while they are parsed,
 * strings' characters, the copies made to record and store it) and, for JSON, the tree's nodes. Counted by a pass of
 * Jackson's streaming reader over the body, which builds nothing: a tenth of the time the tree takes to build.
 *
 * <p>Measured with Jackson 2.19 on a 64-bit JVM (compressed pointers), per element of a large array: 5 bytes for
 * {@code 0} (small numbers, {@code true}, {@code false}, {@code null} and {@code ""} are shared nodes: only the slot
 * costs), 14 for {@code 123456}, 57 for {@code 1.5} and for an 8-character string, 82 for {@code {}}, 50 for
 * {@code []}, 208 for {@code {"a":123456}}, 334 for {@code {"a":123456,"b":"xy","c":true}}; 96 per member of an
 * object of a million distinct names. The constants below are rounded up from these.
 */
final class AnswerCost {

    static final long PER_BYTE = 2;
    static final long PER_CONTAINER = 80;
    static final long PER_MEMBER = 64;
    static final long PER_ELEMENT = 6;
    static final long PER_NUMBER = 24;
    static final long PER_STRING = 40;

    /**
     * Asked per byte of a JSON answer while it is read, before its values are known: what an array of numbers or a
     * list of small records costs once parsed (arrays of numbers measure 5 to 6, records of short fields 10 to 13,
     * text-heavy JSON 2 to 3), so that answers being read are let in about as many as will fit once parsed.
     */
    static final long READING_PER_JSON_BYTE = 6;

    private AnswerCost() {
    }

    /** The room asked for {@code bytes} of a body still being read. */
    static long whileReading(long bytes, ContentType contentType) {
        return bytes * (AnswerBodies.isJson(contentType) ? READING_PER_JSON_BYTE : PER_BYTE);
    }

    /** The estimate of {@code body} as the connector gives it (JSON parsed when labelled so, else text). */
    static long of(byte[] body, ContentType contentType) {
        return of(body, contentType, 0);
    }

    /**
     * No text costs more per byte than this once parsed: the costliest is a list holding an empty list ({@code [[]]},
     * 166 bytes of heap for 4 of text, under 42 a byte), plus the text itself ({@link #PER_BYTE}).
     */
    static final long MOST_PER_BYTE = 48;

    /**
     * Like {@link #of(byte[], ContentType)}, but an answer whose most possible cost is at most {@code enoughBelow} is
     * charged that bound without reading it: the pass over the body would only refine a figure nothing waits on,
     * and every small answer (the common case) would be tokenized twice, once here and once to parse it.
     */
    static long of(byte[] body, ContentType contentType, long enoughBelow) {
        long bound = (long) body.length * MOST_PER_BYTE;
        if (bound <= enoughBelow) {
            return bound;
        }
        long text = (long) body.length * PER_BYTE;
        if (body.length == 0 || !AnswerBodies.isJson(contentType)) {
            return text;
        }
        try {
            return text + nodes(body);
        } catch (IOException | RuntimeException notJson) {
            return text; // given as its text (AnswerBodies says why)
        }
    }

    private static long nodes(byte[] body) throws IOException {
        long cost = 0;
        // by depth: whether that container is an object (its values are members) or a list (elements)
        java.util.BitSet objects = new java.util.BitSet();
        int depth = 0;
        try (JsonParser p = AnswerBodies.MAPPER.getFactory().createParser(body)) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                switch (t) {
                    case FIELD_NAME -> cost += PER_MEMBER;
                    case END_OBJECT, END_ARRAY -> depth--;
                    default -> {
                        if (depth > 0 && !objects.get(depth)) {
                            cost += PER_ELEMENT;
                        }
                        cost += node(p, t);
                        if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                            objects.set(++depth, t == JsonToken.START_OBJECT);
                        }
                    }
                }
            }
        }
        return cost;
    }

    private static long node(JsonParser p, JsonToken t) throws IOException {
        return switch (t) {
            case START_OBJECT, START_ARRAY -> PER_CONTAINER;
            case VALUE_TRUE, VALUE_FALSE, VALUE_NULL -> 0;
            // Jackson shares the nodes of -1 to 10 and of the empty string
            case VALUE_NUMBER_INT -> p.getTextLength() <= 2 && p.getNumberType() == JsonParser.NumberType.INT
                    && p.getIntValue() >= -1 && p.getIntValue() <= 10 ? 0 : PER_NUMBER;
            case VALUE_STRING -> p.getTextLength() == 0 ? 0 : PER_STRING;
            default -> PER_NUMBER;
        };
    }
}
