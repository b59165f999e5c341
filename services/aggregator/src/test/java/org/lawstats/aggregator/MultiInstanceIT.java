package org.lawstats.aggregator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.lawstats.devstack.stack.AggregatorProcess;

/**
 * Three aggregator processes in one group (ADR 15), asked all the time while events arrive: one is killed with
 * SIGKILL mid-stream, one is stopped (SIGSTOP) past its session timeout and resumed, one starts in the middle. No
 * instance ever answers a figure that goes backwards or that is short of what it had already published when it started;
 * an instance that has not caught up answers 503; at the end every live instance answers exactly.
 */
class MultiInstanceIT extends IntegrationTest {
    private static final String U = "t.multi";
    private static final String QUESTION = "/api/v1/stats?period=2046&unit=" + U;
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    // Sessions short enough that a stopped instance is taken out of the groups within the test (the broker's floor).
    private static final Map<String, String> SHORT_SESSIONS = Map.of(
            "SPRING_KAFKA_STREAMS_PROPERTIES_SESSION_TIMEOUT_MS", "6000",
            "SPRING_KAFKA_STREAMS_PROPERTIES_HEARTBEAT_INTERVAL_MS", "1500",
            "SPRING_KAFKA_CONSUMER_PROPERTIES_SESSION_TIMEOUT_MS", "6000",
            "SPRING_KAFKA_CONSUMER_PROPERTIES_HEARTBEAT_INTERVAL_MS", "1500");

    /** An instance's settings: short sessions, and a static member of the aggregation's group as in production. */
    private static Map<String, String> member(String name) {
        Map<String, String> settings = new HashMap<>(SHORT_SESSIONS);
        settings.put("SPRING_KAFKA_STREAMS_PROPERTIES_GROUP_INSTANCE_ID", "multi-" + name);
        return settings;
    }

    /** What one instance answered: the figure (or -1) and the HTTP status. */
    private record Answer(String instance, int status, long figure) {}

    @Test
    void everyInstanceAnswersExactlyThroughAKillAPauseAndAStart() throws Exception {
        SeparateAggregator group = new SeparateAggregator(
                "multi-test", "multi-events", TestInfrastructure.get().elasticsearchUri());
        Map<String, AggregatorProcess> instances = new ConcurrentHashMap<>();
        List<Answer> answers = new CopyOnWriteArrayList<>();
        AtomicBoolean asking = new AtomicBoolean(true);
        Random random = new Random(46);
        AtomicLong persons = new AtomicLong();
        try {
            instances.put("a", group.launch("multi-a.log", member("a")));
            instances.put("b", group.launch("multi-b.log", member("b")));
            awaitServing(instances.get("a"));
            awaitServing(instances.get("b"));
            Thread asker = Thread.ofPlatform().name("multi-asker").start(() -> {
                while (asking.get()) {
                    instances.forEach((name, process) -> answers.add(ask(name, process)));
                }
            });

            send(1_500, persons, random);
            instances.remove("b").process().kill(); // SIGKILL mid-stream: its tasks move to a

            long publishedBeforeC = figure(instances.get("a"));
            instances.put("c", group.launch("multi-c.log", member("c")));
            send(1_500, persons, random);
            awaitServing(instances.get("c"));

            AggregatorProcess a = instances.get("a");
            signal("STOP", a);
            try {
                send(1_500, persons, random);
                // Past the session timeout: the aggregation's group takes a out (b is long gone) and c holds every
                // task.
                await().atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(500))
                        .until(() -> aggregationMembers("multi-test-aggregation") == 1);
            } finally {
                signal("CONT", a);
            }
            send(1_500, persons, random);

            await().atMost(Duration.ofSeconds(180)).until(() -> group.lag() == 0);
            for (AggregatorProcess live : instances.values()) {
                group.awaitSettled(live);
            }
            asking.set(false);
            asker.join();

            for (var live : instances.entrySet()) {
                assertThat(figure(live.getValue()))
                        .as("instance %s at the end", live.getKey())
                        .isEqualTo(persons.get());
            }
            assertThat(group.documentsOf(U)).as("every event stored once").isEqualTo(persons.get());
            assertThat(answers)
                    .as("every answer a figure or 'not ready'")
                    .allSatisfy(answer -> assertThat(answer.status()).isIn(200, 503, -1));
            assertNeverBackwards(answers);
            List<Answer> ofC = answers.stream()
                    .filter(answer -> answer.instance().equals("c") && answer.status() == 200)
                    .toList();
            assertThat(ofC).as("c answered once it was ready").isNotEmpty();
            assertThat(ofC.getFirst().figure())
                    .as("c's first figure holds all that was published before it started")
                    .isGreaterThanOrEqualTo(publishedBeforeC);
            assertThat(answers.stream()
                            .filter(answer -> answer.status() == 200)
                            .mapToLong(Answer::figure)
                            .max()
                            .orElseThrow())
                    .as("no figure above what was sent")
                    .isLessThanOrEqualTo(persons.get());
        } finally {
            asking.set(false);
            instances.values().forEach(AggregatorProcess::close);
        }
    }

    /** Enrolments of new persons (each sent once more every 7th, a duplicate), over the three partitions. */
    private static void send(int count, AtomicLong persons, Random random) {
        for (int i = 0; i < count; i++) {
            long person = persons.get();
            var event = enrolled("multi:" + person, U, "p" + person, at("2046-05-01T09:00:00+08:00"));
            sendTo(event, random.nextInt(3));
            if (person % 7 == 0) {
                sendTo(event, random.nextInt(3));
            }
            persons.incrementAndGet();
        }
        producer().flush();
    }

    private static void assertNeverBackwards(List<Answer> answers) {
        Map<String, Long> last = new ConcurrentHashMap<>();
        for (Answer answer : answers) {
            if (answer.status() != 200) {
                continue;
            }
            Long before = last.put(answer.instance(), answer.figure());
            assertThat(answer.figure())
                    .as("instance %s never goes backwards", answer.instance())
                    .isGreaterThanOrEqualTo(before == null ? 0 : before);
        }
    }

    private static Answer ask(String name, AggregatorProcess process) {
        try {
            HttpResponse<String> response = HTTP.send(
                    HttpRequest.newBuilder(URI.create(process.uri() + QUESTION))
                            .timeout(Duration.ofSeconds(2))
                            .header("Authorization", basic("admin"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            long figure = response.statusCode() == 200
                    ? JSON.readTree(response.body())
                            .path("values")
                            .path("training.enrolled_persons")
                            .asLong()
                    : -1;
            return new Answer(name, response.statusCode(), figure);
        } catch (Exception e) {
            // Not listening yet, stopped, or killed: no answer, which is not a wrong one.
            return new Answer(name, -1, -1);
        }
    }

    private static long figure(AggregatorProcess process) throws Exception {
        return SeparateAggregator.getJson(process, QUESTION)
                .path("values")
                .path("training.enrolled_persons")
                .asLong();
    }

    private static void awaitServing(AggregatorProcess process) {
        await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> ask("start", process).status() == 200);
    }

    private static int aggregationMembers(String applicationId) throws Exception {
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestInfrastructure.get().bootstrapServers()))) {
            return admin.describeConsumerGroups(List.of(applicationId))
                    .describedGroups()
                    .get(applicationId)
                    .get()
                    .members()
                    .size();
        }
    }

    private static void signal(String signal, AggregatorProcess process) throws Exception {
        Process kill = new ProcessBuilder(
                        "kill", "-" + signal, Long.toString(process.process().pid()))
                .inheritIO()
                .start();
        assertThat(kill.waitFor()).as("kill -%s", signal).isZero();
    }
}
