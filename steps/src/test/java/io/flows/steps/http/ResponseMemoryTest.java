package io.flows.steps.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class ResponseMemoryTest {

    private final ResponseMemory memory = new ResponseMemory(100);

    @Test
    void chargesThatFitAreGrantedAtOnceAndOthersWaitInLineUntilRoomIsFreed() {
        Object a = new Object();
        Object b = new Object();
        ResponseMemory.Charge first = memory.open(a);
        ResponseMemory.Charge second = memory.open(b);
        ResponseMemory.Charge third = memory.open(b);

        assertThat(first.grow(60)).isDone();
        first.settle(60); // a holds it, and does not wait: it will let it go
        CompletableFuture<Void> big = second.grow(50);
        CompletableFuture<Void> small = third.grow(10);

        assertThat(big).isNotDone();
        assertThat(small).as("waits behind the one first in line").isNotDone();
        assertThat(memory.inUse()).isEqualTo(60);
        assertThat(memory.waiting()).isEqualTo(2);

        first.release();

        assertThat(big).isDone();
        assertThat(small).isDone();
        assertThat(memory.inUse()).isEqualTo(60);
        assertThat(memory.peak()).isEqualTo(60);
        assertThat(memory.forcedGrants()).isZero();
    }

    @Test
    void aWaitThatIsCancelledLeavesTheLineAndWhatItHoldsStaysHeldUntilReleased() {
        ResponseMemory.Charge holder = memory.open("a");
        holder.grow(90);
        holder.settle(90);
        ResponseMemory.Charge reader = memory.open("b");
        assertThat(reader.grow(5)).isDone();
        CompletableFuture<Void> more = reader.grow(50);
        assertThat(reader.waiting()).isTrue();

        reader.cancel();

        assertThat(more).isCancelled();
        assertThat(memory.waiting()).isZero();
        assertThat(memory.inUse()).isEqualTo(95);
        reader.release();
        reader.release();
        assertThat(memory.inUse()).isEqualTo(90);
    }

    @Test
    void twoAnswersHalfReadEachWaitingForTheOthersRoomDoNotWaitForever() {
        ResponseMemory.Charge one = memory.open("a");
        ResponseMemory.Charge two = memory.open("b");
        one.grow(40);
        two.grow(40);

        CompletableFuture<Void> oneMore = one.grow(80);
        assertThat(oneMore).as("b is still reading: it may end and free room").isNotDone();
        CompletableFuture<Void> twoMore = two.grow(80);

        assertThat(oneMore).as("nothing else can free room: the answer begun first goes on").isDone();
        assertThat(twoMore).isNotDone();
        assertThat(memory.forcedGrants()).isEqualTo(1);
        assertThat(memory.inUse()).isEqualTo(120);

        one.settle(70);
        one.release();
        assertThat(twoMore).isDone();
        assertThat(memory.inUse()).isEqualTo(80);
    }

    @Test
    void anOwnerWaitingForRoomWhileHoldingAnswersItselfIsNotLeftWaitingForItself() {
        ResponseMemory.Charge kept = memory.open("execution");
        kept.grow(90);
        kept.settle(90);

        CompletableFuture<Void> next = memory.open("execution").grow(50);

        assertThat(next).isDone();
        assertThat(memory.forcedGrants()).isEqualTo(1);
    }

    @Test
    void aWaitForRoomHeldByAnOwnerThatMayStillLetItGoLasts() {
        ResponseMemory.Charge kept = memory.open("sleeping execution");
        kept.grow(90);
        kept.settle(90);

        CompletableFuture<Void> next = memory.open("another").grow(50);

        assertThat(next).isNotDone();
        kept.release();
        assertThat(next).isDone();
        assertThat(memory.forcedGrants()).isZero();
    }

    @Test
    void aChargeLargerThanTheCapacityIsGrantedWhenNothingElseIsHeld() {
        assertThat(memory.open("a").grow(500)).isDone();
        assertThat(memory.inUse()).isEqualTo(500);
    }

    @Test
    void aReleasedChargeCannotGrowAgain() {
        ResponseMemory.Charge charge = memory.open("a");
        charge.release();
        assertThat(charge.grow(10)).isCompletedExceptionally();
        assertThatThrownBy(() -> new ResponseMemory(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
