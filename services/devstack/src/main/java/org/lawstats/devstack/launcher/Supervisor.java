package org.lawstats.devstack.launcher;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.lawstats.devstack.stack.ManagedProcess;

/**
 * Keeps a stack's children running, as a process manager would: a child that dies is started again after a back-off
 * that doubles with each failure in a row (and starts over once a child has stayed up for a while), each step said in
 * the output. An aggregator may die and come back any number of times: the others of its group take its tasks
 * meanwhile and answer exactly (ADR 15), so one instance's death is not the stack's. A child whose policy has a limit
 * (Kafka, Elasticsearch: everything else stands on them) gives up after that many failed starts in a row, and then
 * {@code onGiveUp} stops the stack, saying why.
 *
 * <p>One virtual thread per child waits for its exit ({@link ManagedProcess#onExit()}): nothing is polled.
 */
public final class Supervisor implements AutoCloseable {
    private final Consumer<String> out;
    private final CountDownLatch closed = new CountDownLatch(1);
    private final List<Thread> watchers = new ArrayList<>();

    /**
     * How a child is started again.
     *
     * @param maxFailures failed starts in a row after which the supervisor gives up; 0 never gives up
     * @param firstBackoff the wait before the first start again; doubled after each failure in a row
     * @param maxBackoff the longest wait
     * @param stableAfter a child that stayed up this long counts as healthy again: its next death waits firstBackoff
     */
    public record Policy(int maxFailures, Duration firstBackoff, Duration maxBackoff, Duration stableAfter) {
        public Policy {
            if (maxFailures < 0 || firstBackoff.isNegative() || maxBackoff.compareTo(firstBackoff) < 0) {
                throw new IllegalArgumentException("a restart policy needs maxFailures >= 0, 0 <= first <= max");
            }
        }

        /** An aggregator's: never gives up, 1 s doubling to 60 s, healthy again after 2 minutes up. */
        public static Policy aggregator() {
            return new Policy(0, Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofMinutes(2));
        }

        /** A server's (Kafka, Elasticsearch): three failed starts in a row and the stack stops. */
        public static Policy server() {
            return new Policy(3, Duration.ofSeconds(2), Duration.ofSeconds(10), Duration.ofMinutes(2));
        }

        /** The wait before start number {@code failures} (1-based) of a run of failures. */
        Duration backoff(int failures) {
            Duration wait = firstBackoff;
            for (int i = 1; i < failures && wait.compareTo(maxBackoff) < 0; i++) {
                wait = wait.multipliedBy(2);
            }
            return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
        }

        boolean givesUpAfter(int failures) {
            return maxFailures > 0 && failures > maxFailures;
        }
    }

    /**
     * A child under supervision.
     *
     * @param <T> what a start returns (a node, an aggregator process)
     */
    public static final class Child<T> {
        private final String name;
        private final Function<T, ManagedProcess> process;
        private volatile T current;
        private volatile int restarts;

        private Child(String name, T first, Function<T, ManagedProcess> process) {
            this.name = name;
            this.current = first;
            this.process = process;
        }

        /** What runs now (the latest start). */
        public T current() {
            return current;
        }

        /** How many times it was started again. */
        public int restarts() {
            return restarts;
        }

        public String name() {
            return name;
        }
    }

    /** @param out where the supervisor says what it does (the launcher's console) */
    public Supervisor(Consumer<String> out) {
        this.out = out;
    }

    /**
     * Watches {@code first}; when its process exits, starts it again with {@code start} (which returns once the child
     * is ready, or throws) under {@code policy}; {@code onGiveUp} runs once the policy gives up.
     */
    public <T> Child<T> supervise(
            String name,
            T first,
            Function<T, ManagedProcess> process,
            Supplier<T> start,
            Policy policy,
            Runnable onGiveUp) {
        Child<T> child = new Child<>(name, first, process);
        Thread watcher =
                Thread.ofVirtual().name("supervise-" + name).start(() -> watch(child, start, policy, onGiveUp));
        synchronized (watchers) {
            watchers.add(watcher);
        }
        return child;
    }

    private <T> void watch(Child<T> child, Supplier<T> start, Policy policy, Runnable onGiveUp) {
        int failures = 0;
        Instant startedAt = Instant.now();
        while (!isClosed()) {
            ManagedProcess process = child.process.apply(child.current);
            int exit = process.onExit().join();
            if (isClosed()) {
                return;
            }
            if (Duration.between(startedAt, Instant.now()).compareTo(policy.stableAfter()) >= 0) {
                failures = 0;
            }
            String why = child.name + " stopped unexpectedly (exit " + exit + "); see " + process.logFile();
            while (true) {
                failures++;
                if (policy.givesUpAfter(failures)) {
                    out.accept("lawstats: " + why + System.lineSeparator() + process.tail(20) + System.lineSeparator()
                            + "lawstats: " + child.name + " could not be brought back (" + policy.maxFailures()
                            + " starts failed); stopping the stack");
                    onGiveUp.run();
                    return;
                }
                Duration wait = policy.backoff(failures);
                out.accept(
                        "lawstats: " + why + "; starting it again in " + seconds(wait) + " (attempt " + failures + ")");
                if (awaitClosed(wait)) {
                    return;
                }
                try {
                    child.current = start.get();
                    child.restarts++;
                    if (isClosed()) { // the stack stopped while this one started: it stops too
                        child.process.apply(child.current).stop(Duration.ofSeconds(20));
                        return;
                    }
                    startedAt = Instant.now();
                    out.accept("lawstats: " + child.name + " is back (pid "
                            + child.process.apply(child.current).pid() + ")");
                    break;
                } catch (RuntimeException e) {
                    if (isClosed()) {
                        return;
                    }
                    why = child.name + " did not start again: " + e.getMessage();
                }
            }
        }
    }

    private static String seconds(Duration wait) {
        return wait.toMillis() % 1000 == 0 ? wait.toSeconds() + " s" : wait.toMillis() + " ms";
    }

    private boolean isClosed() {
        return closed.getCount() == 0;
    }

    private boolean awaitClosed(Duration wait) {
        try {
            return closed.await(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    /** Stops watching: what exits from now on is being stopped on purpose. */
    @Override
    public void close() {
        closed.countDown();
        synchronized (watchers) {
            watchers.forEach(Thread::interrupt);
        }
    }
}
