package dev.sseetl.spring;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExecutorJobRunnerTest {

    @Test
    void runsJobsOnTheGivenExecutorAndInterruptsThemOnClose() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            ExecutorJobRunner runner = new ExecutorJobRunner(pool);
            CountDownLatch started = new CountDownLatch(1);
            CountDownLatch interrupted = new CountDownLatch(1);
            runner.submit("long job", () -> {
                started.countDown();
                try {
                    Thread.sleep(60_000);
                } catch (InterruptedException e) {
                    interrupted.countDown();
                }
            });
            assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();

            runner.close();

            assertThat(interrupted.await(10, TimeUnit.SECONDS)).as("the running job was interrupted").isTrue();
            assertThat(pool.isShutdown()).as("the app's executor stays the app's").isFalse();
            assertThatThrownBy(() -> runner.submit("late job", () -> { }))
                    .hasMessageContaining("takes no new job");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void leavesThePooledThreadUninterruptedForTheAppsNextTask() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            new ExecutorJobRunner(pool).submit("self-interrupting job", () -> Thread.currentThread().interrupt());
            AtomicBoolean interruptedAfter = new AtomicBoolean(true);
            pool.submit(() -> interruptedAfter.set(Thread.currentThread().isInterrupted())).get(10, TimeUnit.SECONDS);
            assertThat(interruptedAfter).isFalse();
        } finally {
            pool.shutdownNow();
        }
    }
}
