package dev.k2.persistence.cold;

import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs every task on the thread that submits it, before {@code submit} returns: for Iceberg's
 * {@code scanManifestsWith}, so a commit's manifest work needs no pool and no waiting on one. Never
 * shuts down (it has no threads to stop).
 */
final class CallerThreadExecutor extends AbstractExecutorService {
    static final CallerThreadExecutor INSTANCE = new CallerThreadExecutor();

    private CallerThreadExecutor() {
    }

    @Override
    public void execute(Runnable task) {
        task.run();
    }

    @Override
    public void shutdown() {
        // shared and threadless: nothing to stop
    }

    @Override
    public List<Runnable> shutdownNow() {
        return List.of();
    }

    @Override
    public boolean isShutdown() {
        return false;
    }

    @Override
    public boolean isTerminated() {
        return false;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
        return false;
    }
}
