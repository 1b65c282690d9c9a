package io.flows.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WorkerPoolTest {

    private static final int BASE = 2;
    private static final int BACKLOG = 2_000;

    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
    private static final Duration STUCK_AFTER = Duration.ofMillis(50);
    private final WorkerPool workers = new WorkerPool(BASE, 8, Executors.defaultThreadFactory(), timers,
            Duration.ofMillis(10), STUCK_AFTER);
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void stop() {
        release.countDown();
        workers.shutdown();
        timers.shutdownNow();
    }

    @Test
    void workWaitingBehindStuckWorkersRunsOnAnAddedThread() throws Exception {
        blockEveryWorker();
        CountDownLatch ran = new CountDownLatch(1);
        workers.executor().execute(ran::countDown);

        assertThat(ran.await(10, TimeUnit.SECONDS)).as("the waiting task ran while both workers were stuck").isTrue();
        assertThat(workers.size()).isGreaterThan(BASE);
    }

    @Test
    void addedThreadsGoOnceTheStuckWorkersAreFreeEvenUnderSteadyLoad() throws Exception {
        blockEveryWorker();
        ThreadPoolExecutor pool = workers.executor();
        pool.execute(() -> { });
        await(() -> workers.size() > BASE, "a thread added for the stuck workers");

        // keep work waiting all along, from before the stuck workers are free, as on a loaded node: the added
        // threads must go all the same
        AtomicBoolean loading = new AtomicBoolean(true);
        Thread feeder = new Thread(() -> {
            while (loading.get()) {
                // a backlog that outlasts the feeder losing its core for a while (a check on an empty queue
                // would let threads go for that reason alone)
                if (pool.getQueue().size() < BACKLOG) {
                    pool.execute(WorkerPoolTest::briefWork);
                } else {
                    Thread.onSpinWait();
                }
            }
        });
        feeder.start();
        try {
            await(() -> pool.getQueue().size() >= BACKLOG, "work waiting");
            release.countDown();
            await(() -> workers.size() == BASE && pool.getPoolSize() == BASE,
                    "back to the fixed number of worker threads under load");
        } finally {
            loading.set(false);
            feeder.join();
        }
    }

    @Test
    void busyWorkersThatAreNotStuckGetNoHelp() throws Exception {
        // checked by hand, each time after the workers finished something since the check before: a loaded machine
        // that holds both workers off their cores for a whole check interval must not decide the outcome
        WorkerPool checkedByHand = new WorkerPool(BASE, 8, Executors.defaultThreadFactory(), timers,
                Duration.ofHours(1), Duration.ofMillis(50));
        try {
            ThreadPoolExecutor pool = checkedByHand.executor();
            for (int i = 0; i < 50; i++) {
                while (pool.getQueue().size() < 20) {
                    pool.execute(WorkerPoolTest::briefWork);
                }
                long before = pool.getCompletedTaskCount();
                await(() -> pool.getCompletedTaskCount() > before, "a task finished");
                checkedByHand.check();
                assertThat(checkedByHand.size()).as("check %d: short tasks with work always waiting", i).isEqualTo(BASE);
            }
        } finally {
            checkedByHand.shutdown();
        }
    }

    private void blockEveryWorker() throws InterruptedException {
        CountDownLatch started = new CountDownLatch(BASE);
        for (int i = 0; i < BASE; i++) {
            workers.executor().execute(() -> {
                started.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        // stuck for good: a thread added while they were younger than STUCK_AFTER went again at the next check, a
        // window of one check interval that a test polling on a loaded machine could miss (it failed so once)
        Thread.sleep(STUCK_AFTER.toMillis() + 10);
    }

    private static void briefWork() {
        long end = System.nanoTime() + 200_000;
        while (System.nanoTime() < end) {
            Thread.onSpinWait();
        }
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited 10 s for: " + what).isLessThan(deadline);
            Thread.sleep(5);
        }
    }
}
