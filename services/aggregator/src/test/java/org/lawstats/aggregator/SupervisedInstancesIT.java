package org.lawstats.aggregator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.lawstats.devstack.launcher.Supervisor;
import org.lawstats.devstack.stack.AggregatorProcess;

/**
 * The launcher's supervision (issue 24): three instances of one group, one killed with SIGKILL mid-stream. The stack
 * does not stop: the supervisor starts the dead one again on its port, and at the end the two that stayed and the one
 * that came back all answer exactly what was sent.
 */
class SupervisedInstancesIT extends IntegrationTest {
    private static final String U = "t.supervised";
    private static final String QUESTION = "/api/v1/stats?period=2046&unit=" + U;
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    @Test
    void aKilledInstanceIsStartedAgainOnItsPortAndEveryInstanceAnswersExactly() throws Exception {
        SeparateAggregator group = new SeparateAggregator(
                "supervised-test", "supervised-events", TestInfrastructure.get().elasticsearchUri());
        List<String> said = new CopyOnWriteArrayList<>();
        List<Supervisor.Child<AggregatorProcess>> instances = new ArrayList<>();
        AtomicLong persons = new AtomicLong();
        Supervisor supervisor = new Supervisor(said::add);
        try {
            for (int i = 0; i < 3; i++) {
                int port = TestInfrastructure.freePort();
                Supplier<AggregatorProcess> start = serving(group, i, port);
                instances.add(supervisor.supervise(
                        "the aggregator on :" + port,
                        start.get(),
                        AggregatorProcess::process,
                        start,
                        Supervisor.Policy.aggregator(),
                        () -> {}));
            }
            send(1_000, persons);
            Supervisor.Child<AggregatorProcess> victim = instances.get(1);
            String victimUri = victim.current().uri();
            long victimPid = victim.current().process().pid();

            victim.current().process().kill();
            send(1_000, persons);

            await().atMost(Duration.ofMinutes(3)).until(() -> victim.restarts() == 1);
            assertThat(victim.current().process().pid()).isNotEqualTo(victimPid);
            assertThat(victim.current().uri()).as("started again on its port").isEqualTo(victimUri);
            assertThat(said)
                    .anySatisfy(line -> assertThat(line)
                            .contains(victim.name() + " stopped unexpectedly (exit 137)")
                            .contains("starting it again in 1 s (attempt 1)"))
                    .anySatisfy(line -> assertThat(line).startsWith("lawstats: " + victim.name() + " is back (pid "));
            send(500, persons);

            await().atMost(Duration.ofSeconds(180)).until(() -> group.lag() == 0);
            for (var instance : instances) {
                group.awaitSettled(instance.current());
                assertThat(figure(instance.current()))
                        .as("%s at the end", instance.name())
                        .isEqualTo(persons.get());
            }
            assertThat(instances.get(0).restarts() + instances.get(2).restarts())
                    .as("the others never stopped")
                    .isZero();
        } finally {
            supervisor.close();
            instances.forEach(instance -> instance.current().close());
        }
    }

    /** Starts instance {@code i} of the group on {@code port} and returns once it answers figures. */
    private static Supplier<AggregatorProcess> serving(SeparateAggregator group, int i, int port) {
        Map<String, String> settings = new HashMap<>();
        // A static member, as the launcher makes each: started again, it takes its tasks back at once.
        settings.put("SPRING_KAFKA_STREAMS_PROPERTIES_GROUP_INSTANCE_ID", "supervised-" + i);
        settings.put("SPRING_KAFKA_STREAMS_PROPERTIES_SESSION_TIMEOUT_MS", "6000");
        settings.put("SPRING_KAFKA_STREAMS_PROPERTIES_HEARTBEAT_INTERVAL_MS", "1500");
        return () -> {
            AggregatorProcess process = group.launch("supervised-" + i + ".log", settings, port);
            try {
                // Its aggregation reads the run's whole history first: minutes, late in a run.
                await().atMost(Duration.ofMinutes(5))
                        .pollInterval(Duration.ofMillis(500))
                        .until(() -> status(process) == 200);
            } catch (RuntimeException e) {
                process.close();
                throw e;
            }
            return process;
        };
    }

    /** Enrolments of new persons over the three partitions, every 5th sent twice (a duplicate). */
    private static void send(int count, AtomicLong persons) {
        for (int i = 0; i < count; i++) {
            long person = persons.get();
            var event = enrolled(U + ":" + person, U, "p" + person, at("2046-05-01T09:00:00+08:00"));
            sendTo(event, (int) (person % 3));
            if (person % 5 == 0) {
                sendTo(event, (int) ((person + 1) % 3));
            }
            persons.incrementAndGet();
        }
        producer().flush();
    }

    private static int status(AggregatorProcess process) {
        try {
            return HTTP.send(
                            HttpRequest.newBuilder(URI.create(process.uri() + QUESTION))
                                    .timeout(Duration.ofSeconds(2))
                                    .header("Authorization", basic("admin"))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (Exception e) {
            return -1; // not listening yet
        }
    }

    private static long figure(AggregatorProcess process) throws Exception {
        return SeparateAggregator.getJson(process, QUESTION)
                .path("values")
                .path("training.enrolled_persons")
                .asLong();
    }
}
