package io.flows.steps.http;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.hc.client5.http.async.methods.AbstractBinResponseConsumer;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpResponse;

/**
 * Collects an answer's status, headers and body, and aborts the exchange as soon as the body
 * (announced or received) passes {@code maxBytes}.
 */
final class BoundedResponseConsumer extends AbstractBinResponseConsumer<BoundedResponseConsumer.Raw> {

    /** What came back on one hop. */
    record Raw(int status, Map<String, String> headers, ContentType contentType, byte[] body) {
    }

    private final long maxBytes;
    private int status;
    private Map<String, String> headers;
    private ContentType contentType;
    private ByteArrayOutputStream buffer;
    private long received;

    BoundedResponseConsumer(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    @Override
    protected void start(HttpResponse response, ContentType contentType) throws ResponseTooLargeException {
        this.status = response.getCode();
        this.contentType = contentType;
        this.headers = new LinkedHashMap<>();
        for (Header header : response.getHeaders()) {
            headers.merge(header.getName().toLowerCase(Locale.ROOT), header.getValue(), (a, b) -> a + ", " + b);
        }
        long announced = contentLength(headers.get("content-length"));
        if (announced > maxBytes) {
            throw new ResponseTooLargeException(maxBytes, announced);
        }
        this.buffer = new ByteArrayOutputStream((int) Math.min(Math.max(announced, 256), 64 * 1024));
    }

    @Override
    protected int capacityIncrement() {
        return Integer.MAX_VALUE;
    }

    @Override
    protected void data(ByteBuffer src, boolean endOfStream) throws ResponseTooLargeException {
        int n = src.remaining();
        received += n;
        if (received > maxBytes) {
            throw new ResponseTooLargeException(maxBytes, -1);
        }
        if (src.hasArray()) {
            buffer.write(src.array(), src.arrayOffset() + src.position(), n);
            src.position(src.limit());
        } else {
            byte[] chunk = new byte[n];
            src.get(chunk);
            buffer.write(chunk, 0, n);
        }
    }

    @Override
    protected Raw buildResult() {
        byte[] body = buffer == null ? new byte[0] : buffer.toByteArray();
        return new Raw(status, headers == null ? Map.of() : headers, contentType, body);
    }

    @Override
    public void releaseResources() {
        buffer = null;
    }

    private static long contentLength(String value) {
        if (value == null) {
            return -1;
        }
        try {
            return Long.parseLong(value.split(",")[0].strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
