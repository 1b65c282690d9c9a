package io.flows.steps.script;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code out} and {@code err} of one sandbox context: splits what {@code console} writes into lines and
 * keeps at most {@code maxLines} of at most {@code maxLineChars} characters, counting the rest, so a script
 * that logs in a loop cannot fill the heap.
 */
final class LogCapture extends OutputStream {

    private final int maxLines;
    private final int maxLineChars;
    private final int maxLineBytes;
    private final List<String> lines = new ArrayList<>();
    private final ByteArrayOutputStream current = new ByteArrayOutputStream();
    private boolean currentTruncated;
    private long dropped;

    LogCapture(int maxLines, int maxLineChars) {
        this.maxLines = maxLines;
        this.maxLineChars = maxLineChars;
        this.maxLineBytes = maxLineChars * 4 + 4;
    }

    @Override
    public synchronized void write(int b) {
        if (b == '\n') {
            endLine();
        } else if (current.size() < maxLineBytes) {
            current.write(b);
        } else {
            currentTruncated = true;
        }
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
        for (int i = off; i < off + len; i++) {
            write(b[i]);
        }
    }

    private void endLine() {
        if (lines.size() >= maxLines) {
            dropped++;
        } else {
            String text = current.toString(StandardCharsets.UTF_8);
            if (text.length() > maxLineChars || currentTruncated) {
                int end = Math.min(text.length(), maxLineChars);
                if (end > 0 && Character.isHighSurrogate(text.charAt(end - 1))) {
                    end--; // not half an emoji: no character, it would be recorded as U+FFFD
                }
                text = text.substring(0, end) + "… (truncated)";
            }
            lines.add(text);
        }
        current.reset();
        currentTruncated = false;
    }

    /** The lines written since the last call, with a final "... N more lines" marker, and starts afresh. */
    synchronized List<String> drain() {
        if (current.size() > 0 || currentTruncated) {
            endLine();
        }
        List<String> out = new ArrayList<>(lines);
        if (dropped > 0) {
            out.add("... " + dropped + " more line" + (dropped == 1 ? "" : "s"));
        }
        lines.clear();
        dropped = 0;
        return out;
    }
}
