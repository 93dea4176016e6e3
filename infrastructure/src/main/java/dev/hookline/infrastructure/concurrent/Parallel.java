package dev.hookline.infrastructure.concurrent;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/**
 * Independent AWS requests of one call, a few at a time on virtual threads, so that thousands of them fit inside a
 * function's timeout without opening thousands of connections. All run to their end; the first failure is then
 * thrown (an Error as itself: a crash stays a crash).
 */
public final class Parallel {
    private Parallel() {
    }

    public static void runAll(List<Runnable> tasks, int atOnce) {
        if (tasks.size() == 1) {
            tasks.getFirst().run();
            return;
        }
        Semaphore slots = new Semaphore(atOnce);
        List<Future<?>> running = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Runnable task : tasks) {
                running.add(pool.submit(() -> {
                    slots.acquireUninterruptibly();
                    try {
                        task.run();
                    } finally {
                        slots.release();
                    }
                }));
            }
        }
        for (Future<?> f : running) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for parallel requests", e);
            } catch (ExecutionException e) {
                switch (e.getCause()) {
                    case RuntimeException r -> throw r;
                    case Error crash -> throw crash;
                    default -> throw new IllegalStateException(e.getCause());
                }
            }
        }
    }
}
