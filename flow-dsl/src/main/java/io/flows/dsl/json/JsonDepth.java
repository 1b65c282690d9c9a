package io.flows.dsl.json;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamWriteConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;

/**
 * How deep JSON values may nest. A value that comes in or is made (a request or webhook body, a step's input or
 * output, a partner's answer, an execution's output) may nest {@link #MAX_VALUE} levels; the documents that hold
 * one (the stored execution, its step entries, the API's answers) wrap it in a few levels of their own, so they
 * are read and written with the larger {@link #MAX_DOCUMENT}. With Jackson's default (1000) for both, a value
 * accepted at 998 levels could be stored but never answered again.
 */
public final class JsonDepth {

    /** Objects and arrays nested in one value, as Jackson counts them: {@code [[1]]} is 2, {@code 1} is 0. */
    public static final int MAX_VALUE = 1000;
    /**
     * Room for the levels around a value: a document is execution → steps → entry → input (a rendered template of
     * the flow, itself at most 64 levels, around values of at most {@link #MAX_VALUE}), or a notification around
     * an execution.
     */
    public static final int MAX_DOCUMENT = MAX_VALUE + 256;

    private JsonDepth() {
    }

    public static StreamReadConstraints documentReading() {
        return StreamReadConstraints.builder().maxNestingDepth(MAX_DOCUMENT).build();
    }

    public static StreamWriteConstraints documentWriting() {
        return StreamWriteConstraints.builder().maxNestingDepth(MAX_DOCUMENT).build();
    }

    /** The nesting of {@code node} (null and scalars: 0), counted without recursion: a value may be thousands deep. */
    public static int of(JsonNode node) {
        if (node == null || !node.isContainerNode()) {
            return 0;
        }
        int deepest = 0;
        Deque<Map.Entry<JsonNode, Integer>> todo = new ArrayDeque<>();
        todo.push(Map.entry(node, 1));
        while (!todo.isEmpty()) {
            Map.Entry<JsonNode, Integer> at = todo.pop();
            int depth = at.getValue();
            deepest = Math.max(deepest, depth);
            for (JsonNode child : at.getKey()) {
                if (child.isContainerNode() && !child.isEmpty()) {
                    todo.push(Map.entry(child, depth + 1));
                } else if (child.isContainerNode()) {
                    deepest = Math.max(deepest, depth + 1);
                }
            }
        }
        return deepest;
    }

    /**
     * Whether {@code node} nests deeper than a value may. Run on every step output and rendered template, so it stops
     * as soon as it knows, allocates nothing per node, and recurses at most {@link #MAX_VALUE} + 1 calls deep.
     */
    public static boolean tooDeep(JsonNode node) {
        return node != null && deeperThan(node, MAX_VALUE);
    }

    private static boolean deeperThan(JsonNode node, int levels) {
        if (!node.isContainerNode()) {
            return false;
        }
        if (levels == 0) {
            return true;
        }
        for (JsonNode child : node) {
            if (child.isContainerNode() && deeperThan(child, levels - 1)) {
                return true;
            }
        }
        return false;
    }

    /** What a value too deep is told, e.g. "the output of step 'x'". */
    public static String message(String what, JsonNode node) {
        return what + " nests " + of(node) + " levels of objects and arrays; the limit is " + MAX_VALUE;
    }
}
