package io.flows.steps.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.impl.BasicEntityDetails;
import org.apache.hc.core5.http.message.BasicHttpResponse;
import org.apache.hc.core5.http.nio.CapacityChannel;
import org.junit.jupiter.api.Test;

/**
 * The consumer as the client drives it on one connection: the input window it opens, against a real
 * {@link ResponseMemory}. The client calls {@code updateCapacity} whenever the window is used up after a read, and
 * drains what the network has ready even past the window; a connection whose window stays shut is never read again.
 */
class BoundedResponseConsumerTest {

    private static final int KB = 1024;

    /** The window increments the consumer gave the connection. */
    private static final class Window implements CapacityChannel {
        final List<Integer> increments = new ArrayList<>();

        @Override
        public void update(int increment) {
            increments.add(increment);
        }
    }

    @Test
    void anAnswerDrainedPastTheRoomItWaitedForIsReadAgainOnceGrantedInsteadOfStalling() throws Exception {
        ResponseMemory memory = new ResponseMemory(AnswerCost.whileReading(1024 * KB, ContentType.APPLICATION_JSON));
        ResponseMemory.Charge other = memory.open("another execution");
        other.settle(memory.capacity()); // holds all the room for now
        BoundedResponseConsumer consumer = new BoundedResponseConsumer(10 * 1024 * KB, memory.open("this execution"));
        AtomicReference<BoundedResponseConsumer.Raw> answer = new AtomicReference<>();
        consumer.consumeResponse(jsonAnswer(-1), new BasicEntityDetails(-1, ContentType.APPLICATION_JSON), null,
                callback(answer));
        Window window = new Window();

        consumer.consume(ByteBuffer.wrap(new byte[64 * KB])); // the first window, read before any room is asked
        consumer.updateCapacity(window);
        assertThat(consumer.waitingForMemory()).as("waits for room for the next 64 KB").isTrue();
        consumer.consume(ByteBuffer.wrap(new byte[200 * KB])); // what the network had delivered meanwhile
        consumer.updateCapacity(window);
        assertThat(window.increments).as("not read further while waiting").isEmpty();

        other.release();

        assertThat(consumer.waitingForMemory()).isFalse();
        assertThat(window.increments).as("opened by a byte: the connection is read again").containsExactly(1);
        consumer.consume(ByteBuffer.wrap(new byte[10 * KB]));
        consumer.updateCapacity(window);
        assertThat(window.increments).as("then the next stretch: double the 274 KB received, less what came")
                .containsExactly(1, 274 * KB);
        consumer.consume(ByteBuffer.wrap(new byte[10 * KB]));
        consumer.streamEnd(null);
        assertThat(answer.get().body()).hasSize(284 * KB);
    }

    @Test
    void anAnnouncedLengthIsAskedForWholeAndReadOnWithinIt() throws Exception {
        ResponseMemory memory = new ResponseMemory(AnswerCost.whileReading(1024 * KB, ContentType.APPLICATION_JSON));
        BoundedResponseConsumer consumer = new BoundedResponseConsumer(10 * 1024 * KB, memory.open("this execution"));
        AtomicReference<BoundedResponseConsumer.Raw> answer = new AtomicReference<>();
        consumer.consumeResponse(jsonAnswer(300 * KB),
                new BasicEntityDetails(300 * KB, ContentType.APPLICATION_JSON), null, callback(answer));
        Window window = new Window();

        consumer.consume(ByteBuffer.wrap(new byte[64 * KB]));
        consumer.updateCapacity(window);
        consumer.consume(ByteBuffer.wrap(new byte[100 * KB]));
        consumer.updateCapacity(window); // the client asks again after a read that left the window used up

        assertThat(window.increments).containsExactly(236 * KB, 136 * KB);
        assertThat(memory.inUse()).isEqualTo(AnswerCost.whileReading(300 * KB, ContentType.APPLICATION_JSON));
        consumer.consume(ByteBuffer.wrap(new byte[136 * KB]));
        consumer.streamEnd(null);
        assertThat(answer.get().body()).hasSize(300 * KB);
    }

    @Test
    void releasingTheConsumerOnceItsAnswerIsHandedOverLeavesTheWaitForRoomToParseItAlone() throws Exception {
        ResponseMemory memory = new ResponseMemory(AnswerCost.whileReading(1024 * KB, ContentType.APPLICATION_JSON));
        ResponseMemory.Charge charge = memory.open("this execution");
        BoundedResponseConsumer consumer = new BoundedResponseConsumer(10 * 1024 * KB, charge);
        AtomicReference<BoundedResponseConsumer.Raw> answer = new AtomicReference<>();
        consumer.consumeResponse(jsonAnswer(10 * KB), new BasicEntityDetails(10 * KB, ContentType.APPLICATION_JSON),
                null, callback(answer));
        consumer.consume(ByteBuffer.wrap(new byte[10 * KB]));
        consumer.streamEnd(null);
        ResponseMemory.Charge other = memory.open("another execution");
        other.settle(memory.capacity());

        // the call, on a worker, asks room to parse the answer while the client's I/O thread lets the consumer go
        CompletableFuture<Void> roomToParse = charge.grow(memory.capacity() / 2);
        consumer.releaseResources();

        assertThat(roomToParse).as("still waiting").isNotDone();
        other.release();
        assertThat(roomToParse).isCompleted();
        assertThat(answer.get().body()).hasSize(10 * KB);
    }

    /** An answer's head: JSON, of the length announced (chunked when negative). */
    private static BasicHttpResponse jsonAnswer(long length) {
        BasicHttpResponse head = new BasicHttpResponse(200);
        head.addHeader("Content-Type", "application/json");
        if (length >= 0) {
            head.addHeader("Content-Length", Long.toString(length));
        }
        return head;
    }

    private static FutureCallback<BoundedResponseConsumer.Raw> callback(AtomicReference<BoundedResponseConsumer.Raw> to) {
        return new FutureCallback<>() {
            @Override
            public void completed(BoundedResponseConsumer.Raw result) {
                to.set(result);
            }

            @Override
            public void failed(Exception ex) {
                throw new AssertionError(ex);
            }

            @Override
            public void cancelled() {
                throw new AssertionError("cancelled");
            }
        };
    }
}
