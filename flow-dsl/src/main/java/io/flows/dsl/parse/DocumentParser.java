package io.flows.dsl.parse;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import io.flows.dsl.json.ParserMessages;
import io.flows.dsl.validate.Problem;
import io.flows.dsl.validate.SourceLocation;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * Reads JSON or YAML into a JSON tree while recording where every value starts.
 *
 * <p>Safe on hostile input: the byte size is checked before parsing; nesting depth, aliases and
 * duplicate keys (at the key's path) are refused while streaming; YAML tags never create objects (only a tree of
 * plain JSON values is built). Numbers keep their exact text (BigDecimal / BigInteger).
 */
public final class DocumentParser {

    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

    private final ParseLimits limits;
    private final JsonFactory json;
    private final YAMLFactory yaml;

    public DocumentParser(ParseLimits limits) {
        this.limits = limits;
        StreamReadConstraints constraints = StreamReadConstraints.builder()
                // the tree reader enforces maxDepth with a location; the parsers' own limits are a backstop
                .maxNestingDepth(limits.maxDepth() * 2 + 16)
                .maxDocumentLength(limits.maxBytes())
                .build();
        this.json = JsonFactory.builder().streamReadConstraints(constraints).build();
        LoaderOptions loader = new LoaderOptions();
        // refused by the tree reader below, which knows the key's path; the parser's own check would name no path
        loader.setAllowDuplicateKeys(true);
        loader.setMaxAliasesForCollections(limits.maxAliases());
        loader.setNestingDepthLimit(limits.maxDepth() * 2 + 16);
        loader.setCodePointLimit(limits.maxBytes());
        loader.setAllowRecursiveKeys(false);
        this.yaml = YAMLFactory.builder().loaderOptions(loader).streamReadConstraints(constraints).build();
    }

    public DocumentParser() {
        this(ParseLimits.defaults());
    }

    public ParsedDocument parse(byte[] bytes, Format format) {
        if (bytes.length > limits.maxBytes()) {
            throw new FlowSyntaxException(Problem.at("DOCUMENT_TOO_LARGE", "",
                    "the document has " + bytes.length + " bytes; the limit is " + limits.maxBytes()));
        }
        String text = withoutByteOrderMark(decode(bytes));
        Yaml12Breaks breaks = format == Format.YAML ? Yaml12Breaks.of(text) : Yaml12Breaks.NONE;
        if (breaks == null) {
            throw new FlowSyntaxException(Problem.at("PARSE_ERROR", "", "the document holds NEL, U+2028 or U+2029 and"
                    + " nearly every private-use character (U+E000 to U+F8FF), which Flows cannot read together in"
                    + " YAML; send it as JSON"));
        }
        Map<String, SourceLocation> locations = new HashMap<>();
        Columns columns = Columns.of(format, text);
        try (JsonParser p = format == Format.YAML ? yaml.createParser(breaks.hide(text)) : json.createParser(text)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                throw new FlowSyntaxException(new Problem("EMPTY_DOCUMENT", "", 1, 1, "the document is empty"));
            }
            TreeReader reader = new TreeReader(p, locations, text, breaks, columns);
            JsonNode root = reader.read("", 0);
            if (p.nextToken() != null) {
                throw syntax(columns.of(p.currentLocation()), "content after the end of the document");
            }
            return new ParsedDocument(root, Map.copyOf(locations), format, text, List.copyOf(reader.retyped),
                    Set.copyOf(reader.mergeKeys), Collections.unmodifiableMap(reader.ignoredTags));
        } catch (FlowSyntaxException e) {
            throw e;
        } catch (JsonProcessingException e) {
            if (e.getCause() instanceof org.yaml.snakeyaml.error.MarkedYAMLException y && y.getProblemMark() != null) {
                String what = breaks.restore(y.getContext() == null ? y.getProblem() : y.getContext() + ": " + y.getProblem());
                throw syntax(new SourceLocation(y.getProblemMark().getLine() + 1, y.getProblemMark().getColumn() + 1), what);
            }
            throw syntax(columns.of(e.getLocation()), breaks.restore(cleanMessage(e)));
        } catch (IOException | RuntimeException e) {
            // SnakeYAML reports its own limits (aliases, depth) as unchecked exceptions.
            throw syntax(null, breaks.restore(cleanMessage(e)));
        }
    }

    /** Editors on Windows often start UTF-8 files with one; the YAML parser skips it, the JSON parser would refuse it. */
    private static String withoutByteOrderMark(String text) {
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    private static String decode(byte[] bytes) {
        CharBuffer read = CharBuffer.allocate(bytes.length);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CoderResult result = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(in, read, true);
        if (result.isError()) {
            throw new FlowSyntaxException(notUtf8(read.flip().toString(), bytes[in.position()]));
        }
        return read.flip().toString();
    }

    /**
     * Where the first byte that is no UTF-8 is, after the text before it: a document saved in another encoding
     * (Latin-1, Windows-1252) mostly holds one at its first accented letter.
     */
    private static Problem notUtf8(String before, byte bad) {
        String text = withoutByteOrderMark(before);
        int lineStart = Math.max(text.lastIndexOf('\n'), text.lastIndexOf('\r')) + 1;
        int line = 1;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r' && (i + 1 == text.length() || text.charAt(i + 1) != '\n')) {
                line++;
            }
        }
        int column = text.codePointCount(lineStart, text.length()) + 1;
        return new Problem("PARSE_ERROR", "", line, column, String.format("the document is not valid UTF-8 text: the"
                + " byte 0x%02X here is no UTF-8 character; flow documents are read as UTF-8 only (save the file as"
                + " UTF-8)", bad & 0xFF));
    }

    private static FlowSyntaxException syntax(SourceLocation loc, String message) {
        String code = "PARSE_ERROR";
        String lower = message.toLowerCase();
        if (lower.contains("duplicate")) {
            code = "DUPLICATE_KEY";
        } else if (lower.contains("alias")) {
            code = "TOO_MANY_ALIASES";
        } else if (lower.contains("nesting depth") || lower.contains("nesting")) {
            code = "TOO_DEEP";
        }
        if (loc == null) {
            return new FlowSyntaxException(Problem.at(code, "", message));
        }
        return new FlowSyntaxException(new Problem(code, "", loc.line(), loc.column(), message));
    }

    private static String cleanMessage(Exception e) {
        String m = ParserMessages.plain(e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage());
        if (m == null) {
            return e.getClass().getSimpleName();
        }
        int cut = m.indexOf("\n at [Source");
        m = cut > 0 ? m.substring(0, cut) : m;
        if (m.contains("in base64 content")) {
            // the YAML parser decodes a !!binary value itself, and stops at one that is no base64
            m = "a value tagged !!binary is not base64 (" + m + "); Flows does not support the tag: remove it to keep"
                    + " the text as written";
        }
        return m.length() > 300 ? m.substring(0, 300) + "..." : m;
    }

    /**
     * Builds the tree by hand so every value's start is recorded and duplicate keys are refused.
     * YAML aliases are expanded here (Jackson reports them as plain strings), with a bound on
     * their number and on the nodes they add, so an alias bomb is refused at once.
     */
    private final class TreeReader {
        private static final int MAX_EXPANDED_NODES = 100_000;
        private final JsonParser p;
        private final Map<String, SourceLocation> locations;
        private final Map<String, JsonNode> anchors = new HashMap<>();
        private final Map<String, Integer> anchorSizes = new HashMap<>();
        /** See {@link ParsedDocument#retyped()}. */
        private final List<String> retyped = new ArrayList<>();
        /** See {@link ParsedDocument#mergeKeys()}. */
        private final List<String> mergeKeys = new ArrayList<>();
        /** See {@link ParsedDocument#ignoredTags()}, in document order. */
        private final Map<String, String> ignoredTags = new LinkedHashMap<>();
        private final String text;
        private final Yaml12Breaks breaks;
        private final Columns columns;
        /** How far {@link #isMergeKey} has counted: code points, and the UTF-16 units they take. */
        private long codePoints;
        private int chars;
        private int aliases;
        private long expandedNodes;

        TreeReader(JsonParser p, Map<String, SourceLocation> locations, String text, Yaml12Breaks breaks, Columns columns) {
            this.columns = columns;
            this.p = p;
            this.locations = locations;
            this.text = text;
            this.breaks = breaks;
        }

        /** A key {@code <<} written plain, as YAML writes a merge key; quoted ({@code "<<"}) it is just a key. */
        private boolean isMergeKey(String key, JsonLocation keyAt) {
            if (!(p instanceof YAMLParser) || !key.equals("<<")) {
                return false;
            }
            // the YAML parser's offset counts code points, as its columns do: an emoji before it counts once
            long at = keyAt.getCharOffset();
            if (at < 0) {
                return false;
            }
            if (at < codePoints) {
                codePoints = 0; // keys come in document order: counted on from the last one, else from the start
                chars = 0;
            }
            for (; codePoints < at && chars < text.length(); codePoints++) {
                chars += Character.charCount(text.codePointAt(chars));
            }
            return chars < text.length() && text.charAt(chars) == '<';
        }

        /** The current scalar as the parser typed it. */
        private JsonNode asRead(JsonToken t) throws IOException {
            return switch (t) {
                case VALUE_NUMBER_INT -> NODES.numberNode(p.getBigIntegerValue());
                case VALUE_NUMBER_FLOAT -> NODES.numberNode(p.getDecimalValue());
                default -> NODES.booleanNode(t == JsonToken.VALUE_TRUE);
            };
        }

        JsonNode read(String path, int depth) throws IOException {
            if (depth > limits.maxDepth()) {
                throw syntax(columns.of(p.currentTokenLocation()), "nesting depth exceeds " + limits.maxDepth());
            }
            JsonLocation start = p.currentTokenLocation();
            locations.put(path, columns.of(start));
            if (p instanceof YAMLParser y) {
                if (y.isCurrentAlias()) {
                    return expandAlias(y.getText(), start);
                }
                String tag = breaks.restore(y.getTypeId()); // asked now: reading a mapping's or list's content moves the parser on
                String anchor = y.getCurrentAnchor();
                JsonNode value = readValue(path, depth, start);
                if (anchor != null) {
                    anchors.put(anchor, value);
                    anchorSizes.put(anchor, size(value));
                }
                String ignored = YamlTags.ignored(tag, value);
                if (ignored != null) {
                    ignoredTags.put(path, ignored);
                }
                return value;
            }
            return readValue(path, depth, start);
        }

        private JsonNode expandAlias(String anchor, JsonLocation at) {
            JsonNode target = anchors.get(anchor);
            if (target == null) {
                // the YAML parser reports anchors on mappings and lists only, so one on a plain value lands here too
                throw new FlowSyntaxException(new Problem("UNKNOWN_ALIAS", "", at.getLineNr(), at.getColumnNr(),
                        "alias '*" + anchor + "' names no anchor of a mapping or list defined before it; anchors on"
                                + " plain values (text, numbers: &" + anchor + " 10s) are not supported, write the value again"));
            }
            aliases++;
            expandedNodes += anchorSizes.get(anchor);
            if (aliases > limits.maxAliases() || expandedNodes > MAX_EXPANDED_NODES) {
                throw new FlowSyntaxException(new Problem("TOO_MANY_ALIASES", "", at.getLineNr(), at.getColumnNr(),
                        "YAML aliases expand to too much (more than " + limits.maxAliases() + " aliases or "
                                + MAX_EXPANDED_NODES + " values)"));
            }
            return target.deepCopy();
        }

        /** At the second key, naming where the first one's value starts. */
        private FlowSyntaxException duplicate(String path, String key, JsonLocation at) {
            SourceLocation first = locations.get(path);
            SourceLocation second = columns.of(at);
            return new FlowSyntaxException(new Problem("DUPLICATE_KEY", path, second.line(), second.column(),
                    "the key '" + key + "' is given twice" + (first == null ? "" : " (first on line " + first.line() + ")")
                            + "; a key may appear once in a mapping"));
        }

        private int size(JsonNode n) {
            int count = 1;
            for (JsonNode child : n) {
                count += size(child);
            }
            return count;
        }

        private JsonNode readValue(String path, int depth, JsonLocation start) throws IOException {
            JsonToken t = p.currentToken();
            switch (t) {
                case START_OBJECT -> {
                    ObjectNode obj = NODES.objectNode();
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String key = breaks.restore(p.currentName());
                        JsonLocation keyAt = p.currentTokenLocation();
                        if (obj.has(key)) {
                            throw duplicate(Paths.field(path, key), key, keyAt);
                        }
                        if (isMergeKey(key, keyAt)) {
                            mergeKeys.add(Paths.field(path, key));
                        }
                        p.nextToken();
                        obj.set(key, read(Paths.field(path, key), depth + 1));
                    }
                    return obj;
                }
                case START_ARRAY -> {
                    ArrayNode arr = NODES.arrayNode();
                    int i = 0;
                    while (p.nextToken() != JsonToken.END_ARRAY) {
                        arr.add(read(Paths.index(path, i++), depth + 1));
                    }
                    return arr;
                }
                case VALUE_STRING -> {
                    return NODES.textNode(breaks.restore(p.getText()));
                }
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT, VALUE_TRUE, VALUE_FALSE -> {
                    if (!(p instanceof YAMLParser)) {
                        return asRead(t);
                    }
                    JsonNode typed = Yaml12Scalars.typed(p.getText());
                    JsonNode yaml11;
                    try {
                        yaml11 = asRead(t);
                    } catch (IOException | NumberFormatException unreadable) {
                        return typed; // YAML 1.1 could not read it as typed at all (.inf): nothing changed meaning
                    }
                    if (Yaml12Scalars.differ(yaml11, typed)) {
                        retyped.add((path.isEmpty() ? "(the document)" : path) + ": " + p.getText() + " (was " + yaml11 + ")");
                    }
                    return typed;
                }
                case VALUE_NULL -> {
                    return NODES.nullNode();
                }
                case VALUE_EMBEDDED_OBJECT -> {
                    // a !!binary scalar, which the YAML parser decodes: kept as the text written (see YamlTags)
                    return NODES.textNode(breaks.restore(p.getText()).strip());
                }
                default -> throw syntax(columns.of(start), "unexpected " + t);
            }
        }
    }
}
