package org.lawstats.devstack.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lawstats.devstack.stack.ManagedProcess;

class SupervisorTest {
    private static final Supervisor.Policy QUICK =
            new Supervisor.Policy(0, Duration.ofMillis(50), Duration.ofMillis(200), Duration.ofMinutes(1));

    @TempDir
    Path dir;

    private final List<String> said = new CopyOnWriteArrayList<>();

    private ManagedProcess run(String script) {
        return ManagedProcess.start(
                "child", List.of("sh", "-c", script), dir, Map.of(), dir.resolve("child.log"), Optional.empty());
    }

    @Test
    void aChildThatDiesIsStartedAgainAndSaysSo() {
        try (Supervisor supervisor = new Supervisor(said::add)) {
            ManagedProcess first = run("exit 3");
            var child = supervisor.supervise(
                    "the aggregator on :8081", first, p -> p, () -> run("sleep 30"), QUICK, () -> {});

            await().atMost(Duration.ofSeconds(10)).until(() -> child.restarts() == 1);
            assertThat(child.current()).isNotSameAs(first);
            assertThat(child.current().isAlive()).isTrue();
            await().atMost(Duration.ofSeconds(5)).until(() -> said.size() == 2);
            assertThat(said.get(0))
                    .contains("the aggregator on :8081 stopped unexpectedly (exit 3)")
                    .contains("starting it again in 50 ms (attempt 1)");
            assertThat(said.get(1)).startsWith("lawstats: the aggregator on :8081 is back (pid ");
            child.current().kill();
        }
    }

    @Test
    void aChildThatKeepsFailingWaitsLongerEachTimeUpToTheLongestWait() {
        Supervisor.Policy policy =
                new Supervisor.Policy(0, Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofMinutes(2));

        assertThat(List.of(1, 2, 3, 6, 7, 30).stream().map(policy::backoff))
                .containsExactly(
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(2),
                        Duration.ofSeconds(4),
                        Duration.ofSeconds(32),
                        Duration.ofSeconds(60),
                        Duration.ofSeconds(60));
    }

    @Test
    void aServerThatCannotBeBroughtBackStopsTheStackAfterItsFailuresInARow() {
        AtomicBoolean gaveUp = new AtomicBoolean();
        AtomicInteger starts = new AtomicInteger();
        Supervisor.Policy server =
                new Supervisor.Policy(2, Duration.ofMillis(20), Duration.ofMillis(40), Duration.ofMinutes(1));
        try (Supervisor supervisor = new Supervisor(said::add)) {
            var child = supervisor.supervise(
                    "Kafka",
                    run("exit 1"),
                    p -> p,
                    () -> {
                        starts.incrementAndGet();
                        throw new IllegalStateException("Kafka did not become ready within 60 s");
                    },
                    server,
                    () -> gaveUp.set(true));

            await().atMost(Duration.ofSeconds(10)).untilTrue(gaveUp);
            assertThat(starts).hasValue(2);
            assertThat(child.restarts()).isZero();
            assertThat(said.getLast())
                    .endsWith("Kafka could not be brought back (2 starts failed); stopping the stack");
            assertThat(said.get(1)).contains("Kafka did not start again: Kafka did not become ready within 60 s");
        }
    }

    @Test
    void whatExitsAfterCloseIsNotStartedAgain() throws Exception {
        AtomicInteger starts = new AtomicInteger();
        ManagedProcess running = run("sleep 30");
        Supervisor supervisor = new Supervisor(said::add);
        supervisor.supervise(
                "the aggregator on :8080",
                running,
                p -> p,
                () -> {
                    starts.incrementAndGet();
                    return run("sleep 30");
                },
                QUICK,
                () -> {});

        supervisor.close();
        running.stop(Duration.ofSeconds(5));

        assertThat(running.onExit().get()).isNotZero();
        // Long enough for the back-off (50 ms) and a start to have happened, were it going to.
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> starts.get() == 0);
        assertThat(said).isEmpty();
    }
}
