package org.lawstats.devstack.stack;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.tools.StreamsResetter;
import org.lawstats.contract.Topics;

/**
 * {@code ./lawstats reset-aggregation}: the aggregation (ADR 15) starts over from the first event, with every
 * aggregator stopped. Needed when its state and published figures no longer match what the running build would make
 * of the events: an upgrade that changed the topology's keys or codecs, a change of an indicator's meaning, a state
 * suspected wrong. Kafka's own reset tool ({@link StreamsResetter}) rewinds the application to the beginning of every
 * event topic and deletes its internal topics (changelogs, among them the figure stores' that the views read, and
 * repartitions); then the published results (documents, case and request records) are emptied (deleted and created again with the same partitions and settings, since a
 * compacted topic cannot be truncated), the search feed's group is forgotten so that it reads them from the start,
 * and the state directories named are deleted. The aggregators, started again, aggregate the history anew; once they
 * are ready, {@code ./lawstats rebuild} gives Elasticsearch the new documents (their versions start over, so the live
 * feed's writes into the old indices are refused as stale until then).
 */
public final class AggregationReset {
    /** The names of what is reset: the aggregation's application, its search feed's group, its published topics. */
    public record Names(String applicationId, String searchGroup, List<String> resultTopics) {
        /** The production names (the local stack's, the compose topology's). */
        public static final Names PRODUCTION = new Names(
                GroupProgress.Names.PRODUCTION.applicationId(),
                GroupProgress.Names.PRODUCTION.searchGroup(),
                GroupProgress.Names.PRODUCTION.resultTopics());
    }

    /** A member of the aggregation or of its search feed still runs: nothing was changed. */
    public static final class StillRunningException extends IllegalStateException {
        StillRunningException(String message) {
            super(message);
        }
    }

    private static final Duration TOPIC_DELETION = Duration.ofSeconds(60);

    private final Map<String, Object> client;
    private final Names names;
    private final PrintStream out;

    public AggregationReset(Map<String, Object> client, Names names, PrintStream out) {
        this.client = client;
        this.names = names;
        this.out = out;
    }

    /**
     * Resets, or refuses without changing anything while a member of the aggregation or of its search feed is still
     * running (a running instance would go on from its own state and offsets, and write into what is being emptied).
     *
     * @param stateDirectories the aggregators' state directories this machine holds (deleted: a store's checkpoint
     *     must not outlive its changelog)
     */
    public void reset(List<Path> stateDirectories) throws Exception {
        try (Admin admin = Admin.create(client)) {
            refuseWhileRunning(admin);
            List<String> inputs = admin.listTopics().names().get().stream()
                    .filter(Topics::carriesEvents)
                    .sorted()
                    .toList();
            out.printf(
                    "lawstats: rewinding %s to the beginning of %d event topics%n",
                    names.applicationId(), inputs.size());
            Properties settings = new Properties();
            settings.putAll(client);
            List<String> arguments = new ArrayList<>(List.of(
                    "--bootstrap-server",
                    String.valueOf(client.get("bootstrap.servers")),
                    "--application-id",
                    names.applicationId(),
                    "--to-earliest"));
            if (!inputs.isEmpty()) {
                arguments.addAll(List.of("--input-topics", String.join(",", inputs)));
            }
            int exit = new StreamsResetter().execute(arguments.toArray(String[]::new), settings);
            if (exit != 0) {
                throw new IllegalStateException(
                        "Kafka's reset tool failed (exit " + exit + "); nothing else was changed");
            }
            for (String topic : names.resultTopics()) {
                empty(admin, topic);
            }
            try {
                admin.deleteConsumerGroups(List.of(names.searchGroup())).all().get();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof GroupIdNotFoundException)) {
                    throw e;
                }
            }
            out.println("lawstats: the search feed's group " + names.searchGroup() + " starts from the beginning");
        }
        for (Path directory : stateDirectories) {
            deleteTree(directory);
            out.println("lawstats: deleted the state directory " + directory);
        }
    }

    private void refuseWhileRunning(Admin admin) throws Exception {
        for (String group : List.of(names.applicationId(), names.searchGroup())) {
            try {
                ConsumerGroupDescription description =
                        admin.describeConsumerGroups(List.of(group)).all().get().get(group);
                if (!description.members().isEmpty()) {
                    throw new StillRunningException(description.members().size() + " member(s) of the group " + group
                            + " still run: stop every aggregator first (nothing was changed; a stopped one stays a member until its"
                            + " session times out, 45 s by default)");
                }
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof GroupIdNotFoundException)) {
                    throw e;
                }
            }
        }
    }

    /** Deletes the topic and creates it again as it was (partitions, replicas, its own settings); absent: nothing. */
    private void empty(Admin admin, String topic) throws Exception {
        TopicDescription description;
        Config config;
        try {
            description =
                    admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return;
            }
            throw e;
        }
        Map<String, String> settings = new HashMap<>();
        for (ConfigEntry entry : config.entries()) {
            if (entry.source() == ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG) {
                settings.put(entry.name(), entry.value());
            }
        }
        NewTopic again = new NewTopic(topic, description.partitions().size(), (short)
                        description.partitions().get(0).replicas().size())
                .configs(settings);
        admin.deleteTopics(List.of(topic)).all().get();
        // Deletion finishes in the background: the name is taken until the brokers have dropped the old partitions.
        long deadline = System.nanoTime() + TOPIC_DELETION.toNanos();
        while (true) {
            try {
                admin.createTopics(List.of(again)).all().get();
                break;
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException) || System.nanoTime() > deadline) {
                    throw e;
                }
                LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
            }
        }
        out.printf("lawstats: emptied %s (%d partitions)%n", topic, again.numPartitions());
    }

    private static void deleteTree(Path root) {
        try {
            Utils.delete(root.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the state directory " + root, e);
        }
    }
}
