package io.flows.steps.http;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flows.steps.StepFailure;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import java.util.zip.ZipException;

/**
 * Undoes an answer's {@code Content-Encoding}. Flows asks for none (it sends no {@code Accept-Encoding}), but proxies
 * and some partners compress anyway: gzip and deflate are decoded, with the answer limit applied to the decoded
 * bytes (a small compressed answer can decode to gigabytes: it fails as soon as it passes the limit, having held no
 * more than the limit). Any other coding fails the call: its bytes would reach the flow as nonsense.
 */
final class ContentCodings {

    static final String BAD_RESPONSE = "BAD_RESPONSE";

    private ContentCodings() {
    }

    /**
     * The decoded body.
     *
     * @throws StepFailure RESPONSE_TOO_LARGE when it decodes to more than {@code maxBytes}; BAD_RESPONSE when the coding
     *                     is not one Flows decodes, or the bytes do not decode
     */
    static byte[] decode(String contentEncoding, byte[] body, long maxBytes) {
        String coding = contentEncoding == null ? "identity" : contentEncoding.strip().toLowerCase(Locale.ROOT);
        if (coding.isEmpty() || coding.equals("identity") || body.length == 0) {
            return body;
        }
        try {
            return switch (coding) {
                case "gzip", "x-gzip" -> bounded(new GZIPInputStream(new ByteArrayInputStream(body)), coding, maxBytes);
                case "deflate" -> inflate(body, maxBytes);
                default -> throw new StepFailure(BAD_RESPONSE, "The answer is encoded with '" + contentEncoding
                        + "', which Flows does not decode (gzip and deflate only; Flows asks for no encoding)",
                        details(contentEncoding, maxBytes), false);
            };
        } catch (IOException e) {
            throw new StepFailure(BAD_RESPONSE, "The answer is labelled Content-Encoding: " + contentEncoding
                    + " but does not decode: " + e.getMessage(), details(contentEncoding, maxBytes), false);
        }
    }

    /** RFC 9110 deflate is zlib-wrapped; some servers send the raw stream, so that is tried next. */
    private static byte[] inflate(byte[] body, long maxBytes) throws IOException {
        try {
            return bounded(new InflaterInputStream(new ByteArrayInputStream(body)), "deflate", maxBytes);
        } catch (ZipException notZlib) {
            return bounded(new InflaterInputStream(new ByteArrayInputStream(body), new Inflater(true)), "deflate",
                    maxBytes);
        }
    }

    private static byte[] bounded(InputStream in, String coding, long maxBytes) throws IOException {
        try (in) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] chunk = new byte[16 * 1024];
            long total = 0;
            int n;
            while ((n = in.read(chunk)) >= 0) {
                total += n;
                if (total > maxBytes) {
                    throw new StepFailure(Failures.RESPONSE_TOO_LARGE, "The answer decoded from " + coding
                            + " is larger than the limit of " + maxBytes + " bytes", details(coding, maxBytes), false);
                }
                out.write(chunk, 0, n);
            }
            return out.toByteArray();
        }
    }

    private static ObjectNode details(String coding, long maxBytes) {
        return JsonNodeFactory.instance.objectNode()
                .put("contentEncoding", coding).put("maxResponseBytes", maxBytes);
    }
}
