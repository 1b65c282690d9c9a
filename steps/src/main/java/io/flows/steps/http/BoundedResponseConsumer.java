package io.flows.steps.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.EntityDetails;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.nio.AsyncResponseConsumer;
import org.apache.hc.core5.http.nio.CapacityChannel;
import org.apache.hc.core5.http.protocol.HttpContext;

/**
 * Collects an answer's status, headers and body, aborts the exchange as soon as the body (announced or received)
 * passes {@code maxBytes}, and reads past the first stretch of a body only within room granted by the node's
 * {@link ResponseMemory}: the connection's input window (HTTP/1.1 flow control) is opened as far as the answer's
 * charge covers, so an answer waiting for room is not read at all meanwhile.
 */
final class BoundedResponseConsumer implements AsyncResponseConsumer<BoundedResponseConsumer.Raw> {

    /** What came back on one hop: the body as received (still encoded when {@code contentEncoding} says so). */
    record Raw(int status, Map<String, String> headers, ContentType contentType, String contentEncoding, byte[] body) {
    }

    /** The smallest stretch of a body of unknown length that is asked room for at once. */
    static final int FIRST_STRETCH = 64 * 1024;

    private final long maxBytes;
    private final ResponseMemory.Charge charge;
    private FutureCallback<Raw> callback;
    private int status;
    private Map<String, String> headers;
    private ContentType contentType;
    private String contentEncoding;
    private long announced = -1;
    private ByteArrayOutputStream buffer;
    /** The body of an announced length, unencoded: it cannot pass that length (the client ends it there). */
    private byte[] exact;
    private int filled;
    private long received;
    /** Bytes of the body the charge covers (reading stops there until more is granted). */
    private long covered;
    private CapacityChannel channel;
    private boolean asking;
    private long askedAt;
    private long waitedNanos;
    private volatile boolean done;

    BoundedResponseConsumer(long maxBytes, ResponseMemory.Charge charge) {
        this.maxBytes = maxBytes;
        this.charge = charge;
    }

    /** Whether the answer is waiting for room to read more of its body. */
    synchronized boolean waitingForMemory() {
        return asking;
    }

    /** How long the answer has waited for room, in all. */
    synchronized long waitedNanos() {
        return waitedNanos + (asking ? System.nanoTime() - askedAt : 0);
    }

    /** How much of the body has been received. */
    synchronized long received() {
        return received;
    }

    @Override
    public void consumeResponse(HttpResponse response, EntityDetails entity, HttpContext context,
                                FutureCallback<Raw> resultCallback) throws IOException {
        this.callback = resultCallback;
        this.status = response.getCode();
        this.headers = new LinkedHashMap<>();
        for (Header header : response.getHeaders()) {
            headers.merge(header.getName().toLowerCase(Locale.ROOT), header.getValue(), (a, b) -> a + ", " + b);
        }
        String type = headers.get("content-type");
        this.contentType = type == null ? null : ContentType.parseLenient(type);
        String encoding = headers.get("content-encoding");
        this.contentEncoding = encoding == null || encoding.isBlank() ? null : encoding.strip();
        if (entity == null) {
            finish();
            return;
        }
        announced = contentLength(headers.get("content-length"));
        if (announced > maxBytes) {
            throw new ResponseTooLargeException(maxBytes, announced);
        }
        if (announced >= 0 && contentEncoding == null) {
            // filled in place, no growing buffer and no copy at the end; its full size only once more than the first
            // stretch comes (by then room was asked for it)
            exact = new byte[(int) Math.min(announced, FIRST_STRETCH)];
        } else {
            this.buffer = new ByteArrayOutputStream(FIRST_STRETCH / 4);
        }
    }

    @Override
    public void informationResponse(HttpResponse response, HttpContext context) {
        // 1xx: nothing to keep
    }

    /**
     * Called on the client's I/O thread when the input window is used up and the body goes on (and after each read
     * while it stays so): opens the window as far as the charge covers, or asks the charge to cover the next stretch
     * (all of an announced length, else double what came so far, within the limit) and opens the window once it is
     * granted. Room is only ever asked for here, so a wait cannot start after the answer has ended.
     */
    @Override
    public void updateCapacity(CapacityChannel capacityChannel) {
        long target;
        synchronized (this) {
            channel = capacityChannel;
            if (asking || done) {
                return; // the window opens when the room asked for is granted
            }
            if (covered == 0) {
                covered = received; // the first window is read before any room is asked
            }
            if (received < covered) {
                open(capacityChannel, covered - received);
                return;
            }
            target = announced >= 0 && contentEncoding == null ? announced
                    : Math.min(maxBytes + 1, Math.max(2 * received, FIRST_STRETCH));
            asking = true;
            askedAt = System.nanoTime();
        }
        charge.grow(AnswerCost.whileReading(target, contentType)).whenComplete((ok, cancelled) -> {
            if (cancelled == null) {
                granted(target);
            }
        });
    }

    /**
     * Opens the window up to the room granted. While the answer waited, the client may have drained past it what the
     * network had already delivered (see {@link #consume}); the window is opened all the same, by a byte: the
     * connection's input is suspended, and only a read makes the client call {@link #updateCapacity} again (which then
     * asks for the next stretch).
     */
    private void granted(long target) {
        CapacityChannel open;
        long increment;
        synchronized (this) {
            if (!asking) {
                return; // the wait was given up (the answer ended or failed) as the room came
            }
            asking = false;
            waitedNanos += System.nanoTime() - askedAt;
            if (done) {
                return;
            }
            covered = Math.max(covered, target);
            open = channel;
            increment = Math.max(1, covered - received);
        }
        open(open, increment);
    }

    /**
     * Gives up this consumer's own wait for room, if one is under way. Only that one: once the answer is handed over,
     * the call asks the same charge for room to parse it, and that wait is not the consumer's to cancel.
     */
    private void stopAsking() {
        synchronized (this) {
            if (!asking) {
                return;
            }
            asking = false;
            waitedNanos += System.nanoTime() - askedAt;
        }
        charge.cancel();
    }

    private static void open(CapacityChannel capacityChannel, long increment) {
        try {
            capacityChannel.update((int) Math.min(Integer.MAX_VALUE, Math.max(1, increment)));
        } catch (IOException closed) {
            // the connection is going away: its failure reaches the call by the usual way
        }
    }

    /**
     * Takes a piece of the body. Reading stops at the end of the room granted only once the connection has nothing
     * more ready: the client drains what the network already delivered. Those bytes are charged all the same.
     */
    @Override
    public void consume(ByteBuffer src) throws IOException {
        int n = src.remaining();
        long beyond;
        synchronized (this) {
            received += n;
            if (received > maxBytes) {
                throw new ResponseTooLargeException(maxBytes, -1);
            }
            beyond = covered > 0 && received > covered ? received : 0;
        }
        if (beyond > 0) {
            charge.atLeast(AnswerCost.whileReading(beyond, contentType));
        }
        if (exact != null) {
            if (filled + n > exact.length) {
                exact = Arrays.copyOf(exact, (int) Math.max(announced, filled + n));
            }
            src.get(exact, filled, n);
            filled += n;
        } else if (src.hasArray()) {
            buffer.write(src.array(), src.arrayOffset() + src.position(), n);
            src.position(src.limit());
        } else {
            byte[] chunk = new byte[n];
            src.get(chunk);
            buffer.write(chunk, 0, n);
        }
    }

    @Override
    public void streamEnd(List<? extends Header> trailers) {
        finish();
    }

    private void finish() {
        synchronized (this) {
            done = true;
        }
        stopAsking(); // the network delivered the rest before room for it was granted: no more is needed
        byte[] body = exact != null ? (filled == exact.length ? exact : Arrays.copyOf(exact, filled))
                : buffer == null ? new byte[0] : buffer.toByteArray();
        buffer = null;
        exact = null;
        FutureCallback<Raw> cb = callback;
        if (cb != null) {
            cb.completed(new Raw(status, headers == null ? Map.of() : headers, contentType, contentEncoding, body));
        }
    }

    /** The exchange failed: the client fails the call itself; no more room is asked for. */
    @Override
    public void failed(Exception cause) {
        done = true;
    }

    @Override
    public void releaseResources() {
        synchronized (this) {
            done = true;
        }
        buffer = null;
        exact = null;
        stopAsking();
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
