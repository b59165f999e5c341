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
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.lawstats.devstack.stack.AggregatorProcess;

/**
 * Three aggregator processes in one group (ADR 15), asked all the time while events arrive: one is killed with
 * SIGKILL mid-stream, one is stopped (SIGSTOP) past its session timeout and resumed, one starts in the middle. No
 * instance ever answers a figure that goes backwards or that is short of what it had already published when it started;
 * an instance that has not caught up answers 503, a stopped one nothing, any other a figure; at the end every live
 * instance answers exactly.
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

    /** What the test had done to an instance when it was asked: each state allows its own answers. */
    private enum State {
        /** Launched while asked: no answer until it listens, then 503 while its view loads, then figures only. */
        STARTING,
        /** Serving since before it was first asked, or resumed: a figure. */
        SERVING,
        /** Stopped (SIGSTOP): no answer. */
        STOPPED
    }

    /** What one instance answered in that state: the figure (or -1) and the HTTP status (-1: no answer). */
    private record Answer(String instance, State state, int status, long figure) {}

    /** Something done to the instances, between two questions. */
    private interface Change {
        void run() throws Exception;
    }

    /**
     * The instances asked, each with what the test has done to it. A question and a change each hold the lock, so that
     * no question spans a kill, a stop or a resume: each answer is judged by the one state it was asked in.
     */
    private static final class Asked {
        // Fair, so that a change is not starved by the asker taking the lock back at once.
        private final ReentrantLock lock = new ReentrantLock(true);
        private final Map<String, AggregatorProcess> instances = new ConcurrentHashMap<>();
        private final Map<String, State> states = new ConcurrentHashMap<>();
        private final List<Answer> answers = new CopyOnWriteArrayList<>();

        /** Asks every instance once, as in its state. */
        void askEach() {
            for (String name : List.copyOf(instances.keySet())) {
                lock.lock();
                try {
                    AggregatorProcess process = instances.get(name);
                    if (process != null) {
                        answers.add(ask(name, process, states.get(name)));
                    }
                } finally {
                    lock.unlock();
                }
            }
        }

        void between(Change change) throws Exception {
            lock.lock();
            try {
                change.run();
            } finally {
                lock.unlock();
            }
        }

        void put(String name, AggregatorProcess process, State state) {
            states.put(name, state);
            instances.put(name, process);
        }

        void set(String name, State state) {
            states.put(name, state);
        }

        AggregatorProcess get(String name) {
            return instances.get(name);
        }

        AggregatorProcess remove(String name) {
            return instances.remove(name);
        }

        Map<String, AggregatorProcess> instances() {
            return instances;
        }

        List<Answer> answers() {
            return answers;
        }
    }

    @Test
    void everyInstanceAnswersExactlyThroughAKillAPauseAndAStart() throws Exception {
        SeparateAggregator group = new SeparateAggregator(
                "multi-test", "multi-events", TestInfrastructure.get().elasticsearchUri());
        Asked asked = new Asked();
        AtomicBoolean asking = new AtomicBoolean(true);
        Random random = new Random(46);
        AtomicLong persons = new AtomicLong();
        try {
            // Asked only once both serve.
            asked.put("a", group.launch("multi-a.log", member("a")), State.SERVING);
            asked.put("b", group.launch("multi-b.log", member("b")), State.SERVING);
            awaitServing(asked.get("a"));
            awaitServing(asked.get("b"));
            Thread asker = Thread.ofPlatform().name("multi-asker").start(() -> {
                while (asking.get()) {
                    asked.askEach();
                }
            });

            send(1_500, persons, random);
            // SIGKILL mid-stream: its tasks move to a. Asked no more: a killed instance has nothing to answer.
            asked.between(() -> asked.remove("b").process().kill());

            long publishedBeforeC = figure(asked.get("a"));
            asked.put("c", group.launch("multi-c.log", member("c")), State.STARTING);
            send(1_500, persons, random);
            awaitServing(asked.get("c"));

            AggregatorProcess a = asked.get("a");
            asked.between(() -> {
                signal("STOP", a);
                asked.set("a", State.STOPPED);
            });
            try {
                send(1_500, persons, random);
                // Past the session timeout: the aggregation's group takes a out (b is long gone) and c holds every
                // task.
                await().atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(500))
                        .until(() -> aggregationMembers("multi-test-aggregation") == 1);
            } finally {
                asked.between(() -> {
                    signal("CONT", a);
                    asked.set("a", State.SERVING);
                });
            }
            send(1_500, persons, random);

            await().atMost(Duration.ofSeconds(180)).until(() -> group.lag() == 0);
            for (AggregatorProcess live : asked.instances().values()) {
                group.awaitSettled(live);
            }
            asking.set(false);
            asker.join();

            for (var live : asked.instances().entrySet()) {
                assertThat(figure(live.getValue()))
                        .as("instance %s at the end", live.getKey())
                        .isEqualTo(persons.get());
            }
            assertThat(group.documentsOf(U)).as("every event stored once").isEqualTo(persons.get());
            List<Answer> answers = asked.answers();
            assertThat(answers)
                    .filteredOn(answer -> answer.state() == State.SERVING)
                    .as("a serving instance answers a figure, every time")
                    .allSatisfy(answer ->
                            assertThat(answer.status()).as("%s", answer).isEqualTo(200));
            assertThat(answers)
                    .filteredOn(answer -> answer.state() == State.STOPPED)
                    .as("a stopped instance answers nothing")
                    .isNotEmpty()
                    .allSatisfy(answer ->
                            assertThat(answer.status()).as("%s", answer).isEqualTo(-1));
            assertNeverBackwards(answers);
            List<Answer> ofC = answers.stream()
                    .filter(answer -> answer.instance().equals("c"))
                    .toList();
            int listening = first(ofC, answer -> answer.status() != -1);
            int ready = first(ofC, answer -> answer.status() == 200);
            assertThat(ready).as("c answered once it was ready").isNotNegative();
            // Whether c's view has loaded before it listens is c's own race: there may be no 503 at all, but never
            // one after a figure, nor a figure before it listens.
            assertThat(ofC.subList(listening, ready))
                    .as("c while its view loaded")
                    .allSatisfy(answer ->
                            assertThat(answer.status()).as("%s", answer).isEqualTo(503));
            assertThat(ofC.subList(ready, ofC.size()))
                    .as("c once ready")
                    .allSatisfy(answer ->
                            assertThat(answer.status()).as("%s", answer).isEqualTo(200));
            assertThat(ofC.get(ready).figure())
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
            asked.instances().values().forEach(AggregatorProcess::close);
        }
    }

    /** The index of the first answer that matches, or -1. */
    private static int first(List<Answer> answers, Predicate<Answer> matching) {
        return IntStream.range(0, answers.size())
                .filter(i -> matching.test(answers.get(i)))
                .findFirst()
                .orElse(-1);
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

    private static Answer ask(String name, AggregatorProcess process, State state) {
        try {
            HttpResponse<String> response = HTTP.send(
                    HttpRequest.newBuilder(URI.create(process.uri() + QUESTION))
                            // A live instance on a loaded machine may take seconds, which is slow, not wrong; a stopped
                            // one never answers, and its question must end for the instance to be resumed.
                            .timeout(Duration.ofSeconds(state == State.STOPPED ? 2 : 30))
                            .header("Authorization", basic("admin"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            long figure = response.statusCode() == 200
                    ? JSON.readTree(response.body())
                            .path("values")
                            .path("training.enrolled_persons")
                            .asLong()
                    : -1;
            return new Answer(name, state, response.statusCode(), figure);
        } catch (Exception e) {
            // Not listening yet, or stopped: no answer, which the state of the instance says is right or not.
            return new Answer(name, state, -1, -1);
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
                .until(() -> ask("start", process, State.STARTING).status() == 200);
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
