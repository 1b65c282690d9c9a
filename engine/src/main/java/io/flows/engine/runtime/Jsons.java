package io.flows.engine.runtime;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.flows.dsl.json.JsonDepth;
import io.flows.dsl.json.LoneSurrogates;
import io.flows.dsl.json.ParserMessages;
import java.io.IOException;
import java.io.UncheckedIOException;

/** JSON the way Flows stores and answers it: exact numbers, strict duplicate detection. */
public final class Jsons {

    /** For documents this service makes: they wrap values in levels of their own (see {@link JsonDepth}). */
    public static final ObjectMapper MAPPER = mapper(JsonDepth.MAX_DOCUMENT);
    /** For values from outside, which may nest {@link JsonDepth#MAX_VALUE} levels. */
    private static final ObjectMapper INCOMING = mapper(JsonDepth.MAX_VALUE);

    private static ObjectMapper mapper(int readDepth) {
        return JsonMapper.builder(JsonFactory.builder()
                        .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(readDepth).build())
                        .streamWriteConstraints(JsonDepth.documentWriting())
                        .build())
                .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .build();
    }

    /** JSON from outside that nests deeper than {@link JsonDepth#MAX_VALUE}: valid, but refused. */
    public static final class TooDeep extends IllegalArgumentException {
        TooDeep(Throwable cause) {
            super("nests more than " + JsonDepth.MAX_VALUE + " levels of objects and arrays, the limit", cause);
        }
    }

    private Jsons() {
    }

    /** Parses JSON text; throws {@link IllegalArgumentException} with the parser's message when it is not JSON. */
    public static JsonNode parse(String text) {
        try (JsonParser p = MAPPER.createParser(text)) {
            return readOne(MAPPER, p);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(ParserMessages.plain(e.getOriginalMessage()) + (e.getLocation() == null ? ""
                    : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")"), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * One JSON value and nothing after it. Checked here rather than by Jackson's FAIL_ON_TRAILING_TOKENS, whose
     * refusal names the feature and the Java type bound, and says nothing a user can act on.
     */
    private static JsonNode readOne(ObjectMapper mapper, JsonParser p) throws IOException {
        JsonNode tree = mapper.readTree(p);
        if (tree == null) {
            return MissingNode.getInstance(); // no content at all, as readTree answers for empty text
        }
        if (p.nextToken() != null) {
            throw new JsonParseException(p, "content after the end of the document", p.currentTokenLocation());
        }
        return tree;
    }

    /**
     * Parses JSON from outside (request bodies, partners' answers).
     *
     * @throws IllegalArgumentException when it is not JSON, or holds text that is not Unicode (an unpaired
     *                                  surrogate escape, which could be neither stored nor answered intact)
     * @throws TooDeep                  when it nests deeper than {@link JsonDepth#MAX_VALUE}
     */
    public static JsonNode parse(byte[] bytes) {
        try (JsonParser p = INCOMING.createParser(bytes)) {
            JsonNode tree = readOne(INCOMING, p);
            if (LoneSurrogates.mayHold(bytes)) {
                String where = LoneSurrogates.find(tree);
                if (where != null) {
                    throw new IllegalArgumentException("the text at " + where
                            + " is half of a UTF-16 surrogate pair, not a Unicode character");
                }
            }
            return tree;
        } catch (StreamConstraintsException e) {
            if (String.valueOf(e.getOriginalMessage()).contains("nesting depth")) {
                throw new TooDeep(e);
            }
            throw new IllegalArgumentException(ParserMessages.plain(e.getOriginalMessage()), e);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(ParserMessages.plain(e.getOriginalMessage()) + (e.getLocation() == null ? ""
                    : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")"), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses text that this service wrote itself (null stays null). */
    public static JsonNode read(String stored) {
        return stored == null ? null : parse(stored);
    }

    /**
     * The JSON text of {@code node}; text holding half a surrogate pair has it as an escape, so that the text read
     * back, or its UTF-8 bytes, are still the same value (a flow document sent without its id is written out and
     * validated again, and must still be refused for it).
     */
    public static String write(JsonNode node) {
        if (node == null) {
            return null;
        }
        try {
            return LoneSurrogates.escapedInJson(MAPPER.writeValueAsString(node));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
