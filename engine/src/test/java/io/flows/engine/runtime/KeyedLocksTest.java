package io.flows.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class KeyedLocksTest {

    @Test
    void workForOneKeyRunsOneAtATimeAndTheLockIsDroppedAfterwards() throws Exception {
        KeyedLocks locks = new KeyedLocks();
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> done = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                done.add(pool.submit(() -> locks.with("k", () -> {
                    most.accumulateAndGet(inside.incrementAndGet(), Math::max);
                    Thread.yield();
                    return inside.decrementAndGet();
                })));
            }
            for (Future<Integer> f : done) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(most.get()).as("never two at once for one key").isEqualTo(1);
        assertThat(locks.size()).as("no lock kept for a key nobody uses").isZero();
    }

    @Test
    void otherKeysDoNotWaitAndAFailureReleasesTheLock() throws Exception {
        KeyedLocks locks = new KeyedLocks();
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread holder = new Thread(() -> locks.with("a", () -> {
            holding.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        }));
        holder.start();
        holding.await();
        assertThat(locks.with("b", () -> "b ran while a is held")).isEqualTo("b ran while a is held");
        release.countDown();
        holder.join();

        assertThatThrownBy(() -> locks.with("a", () -> {
            throw new IllegalStateException("boom");
        })).hasMessage("boom");
        assertThat(locks.size()).isZero();
        assertThat(locks.with("a", () -> 1)).isEqualTo(1);
    }
}
