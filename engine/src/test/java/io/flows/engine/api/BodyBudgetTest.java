package io.flows.engine.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class BodyBudgetTest {

    private static final long FOREVER = 60_000;

    @Test
    void grantsWhatFitsAndQueuesTheRestInArrivalOrder() {
        BodyBudget budget = new BodyBudget(100);
        CompletableFuture<Void> a = budget.acquire(60, FOREVER);
        CompletableFuture<Void> b = budget.acquire(60, FOREVER);
        CompletableFuture<Void> c = budget.acquire(10, FOREVER);

        assertThat(a).isDone();
        assertThat(b).as("over the budget").isNotDone();
        assertThat(c).as("behind b, although it would fit: no overtaking").isNotDone();

        budget.release(60);
        assertThat(b).isDone();
        assertThat(c).isDone();
        assertThat(budget.inUse()).isEqualTo(70);
    }

    @Test
    void oneRequestLargerThanTheBudgetGetsInWhenNothingElseHoldsIt() {
        BodyBudget budget = new BodyBudget(100);
        CompletableFuture<Void> small = budget.acquire(10, FOREVER);
        CompletableFuture<Void> huge = budget.acquire(500, FOREVER);
        assertThat(small).isDone();
        assertThat(huge).isNotDone();

        budget.release(10);
        assertThat(huge).isDone();
        assertThat(budget.inUse()).isEqualTo(500);
        assertThat(budget.acquire(1, FOREVER)).isNotDone();
    }

    @Test
    void aWaiterThatTimesOutLeavesTheQueueAndLetsTheOnesBehindItIn() throws Exception {
        BodyBudget budget = new BodyBudget(100);
        budget.acquire(50, FOREVER).join();
        CompletableFuture<Void> large = budget.acquire(80, 50);
        CompletableFuture<Void> behind = budget.acquire(40, FOREVER);

        assertThatThrownBy(large::get).isInstanceOf(ExecutionException.class).hasCauseInstanceOf(TimeoutException.class);
        behind.get();
        assertThat(budget.inUse()).isEqualTo(90);
    }

    @Test
    void aWaiterThatGaveUpIsNotCountedWhenItsTurnComes() {
        BodyBudget budget = new BodyBudget(100);
        budget.acquire(100, FOREVER).join();
        CompletableFuture<Void> gone = budget.acquire(30, FOREVER);
        gone.cancel(false);

        budget.release(100);
        assertThat(budget.inUse()).isZero();
    }
}
