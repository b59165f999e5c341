package org.lawstats.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TopicsTest {

    @Test
    void everyTypeBelongsToTheFamilyOfItsTopic() {
        assertThat(EventType.families()).containsExactly("training", "disclosure", "cases", "activities");
        assertThat(EventType.EXAM_TAKEN.family()).isEqualTo("training");
        assertThat(EventType.DISCLOSURE_RESUMED.family()).isEqualTo("disclosure");
        assertThat(EventType.CASE_ANSWERED.family()).isEqualTo("cases");
        assertThat(EventType.DOCUMENT_PUBLISHED.family()).isEqualTo("activities");
        assertThat(EventType.COUNSEL_SERVED.family()).isEqualTo("activities");
        assertThat(EventType.COUNSEL_SERVED.topic()).isEqualTo(Topics.ACTIVITIES);
        assertThat(EventType.fromWireName("counsel.served")).contains(EventType.COUNSEL_SERVED);
    }

    private static final String DOTS_78 = ".".repeat(78);

    /** Ids that are easy to get wrong: escapes, look-alikes of escapes, the length boundary, each allowed char. */
    private static final List<String> TRICKY_IDS = List.of(
            "nk",
            "nk.gov-office",
            "t.cred:a",
            "a_b",
            "a.b",
            "a_2eb",
            "a_2Eb",
            "A-Z_az_09",
            "-",
            "_",
            ".",
            ":",
            "a:b.c_d-e",
            "x".repeat(128),
            "a" + DOTS_78,
            "aa" + DOTS_78,
            DOTS_78,
            ".".repeat(79),
            "",
            "单位",
            "a b",
            "a/b",
            "x".repeat(129));

    @Test
    void aUnitTopicWritesEveryCharacterOtherThanLettersDigitsAndHyphenAsUnderscoreAndTwoHexDigits() {
        assertThat(Topics.ofUnit("nk")).isEqualTo("lawstats.unit.nk");
        assertThat(Topics.ofUnit("nk.gov-office")).isEqualTo("lawstats.unit.nk_2egov-office");
        assertThat(Topics.ofUnit("t.cred:a")).isEqualTo("lawstats.unit.t_2ecred_3aa");
        assertThat(Topics.ofUnit("a_b")).isEqualTo("lawstats.unit.a_5fb");
        assertThat(Topics.ofUnit("a_2eb")).isEqualTo("lawstats.unit.a_5f2eb");
    }

    @Test
    void everyValidIdHasOneLegalTopicThatNoOtherUnitsTopicCollidesWithAndThatNamesItBack() {
        Set<String> collisionKeys = new HashSet<>();
        for (String id : TRICKY_IDS) {
            String topic;
            try {
                topic = Topics.ofUnit(id);
            } catch (IllegalArgumentException e) {
                continue;
            }
            assertThat(topic).matches("[A-Za-z0-9._-]{1,249}");
            assertThat(topic.substring(Topics.UNIT_PREFIX.length())).doesNotContain(".");
            // Kafka refuses a topic whose name equals another's once '.' is read as '_' (metric names).
            assertThat(collisionKeys.add(topic.replace('.', '_'))).as(topic).isTrue();
            assertThat(Topics.unitOf(topic)).contains(id);
            assertThat(Topics.carriesEvents(topic)).isTrue();
        }
        assertThat(collisionKeys).hasSizeGreaterThan(10);
    }

    @Test
    void aUnitWhoseTopicWouldBeLongerThanKafkaAllowsIsRefusedWithTheReason() {
        assertThat(Topics.ofUnit("a" + DOTS_78)).hasSize(249);
        assertThatThrownBy(() -> Topics.ofUnit("aa" + DOTS_78))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("250 characters")
                .hasMessageContaining("249");
        assertThatThrownBy(() -> Topics.ofUnit("单位")).hasMessageContaining("not a unit id");
        assertThatThrownBy(() -> Topics.ofUnit("")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void onlyTheCanonicalNameOfAUnitTopicNamesAUnit() {
        assertThat(Topics.unitOf(Topics.TRAINING)).isEmpty();
        assertThat(Topics.unitOf(Topics.DLQ)).isEmpty();
        assertThat(Topics.unitOf("lawstats.unit.")).isEmpty();
        assertThat(Topics.unitOf("lawstats.unit.a_2Eb")).as("uppercase hex").isEmpty();
        assertThat(Topics.unitOf("lawstats.unit._61")).as("an escaped letter").isEmpty();
        assertThat(Topics.unitOf("lawstats.unit.a_2")).as("a cut escape").isEmpty();
        assertThat(Topics.unitOf("lawstats.unit.a_zzb")).as("not hex").isEmpty();
        assertThat(Topics.unitOf("lawstats.unit.a.b")).as("a literal dot").isEmpty();
        assertThat(Topics.unitOf("lawstats.unit.a_20b")).as("an escaped space").isEmpty();
    }

    @Test
    void theEventTopicsAreTheContractTopicsAndTheUnitTopicsNotTheDeadLetterTopic() {
        Topics.EVENT_TOPICS.forEach(
                topic -> assertThat(Topics.carriesEvents(topic)).isTrue());
        assertThat(Topics.carriesEvents(Topics.DLQ)).isFalse();
        assertThat(Topics.carriesEvents("lawstats.trainingx")).isFalse();
        assertThat(Topics.carriesEvents("lawstats.unit.")).isFalse();
        assertThat(Topics.carriesEvents("__consumer_offsets")).isFalse();
    }

    /** init-security.sh computes the unit topics of production in bash: it must be the same definition. */
    @Test
    void theBashFunctionOfTheBrokerSetupGivesTheSameTopicForEveryId() throws Exception {
        // Surefire runs in services/contract.
        Path script =
                Path.of("../../config/kafka/init-security.sh").toAbsolutePath().normalize();
        assertThat(script).exists();
        List<String> command = new ArrayList<>(List.of(
                "bash",
                "-c",
                "source \"$1\"; shift; for id in \"$@\"; do unit_topic \"$id\" 2>/dev/null || echo '(refused)'; done",
                "bash",
                script.toString()));
        command.addAll(TRICKY_IDS);
        Process bash = new ProcessBuilder(command).redirectErrorStream(false).start();
        bash.getOutputStream().close();
        String out = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(bash.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(bash.exitValue())
                .as(new String(bash.getErrorStream().readAllBytes(), StandardCharsets.UTF_8))
                .isZero();

        List<String> expected = new ArrayList<>();
        for (String id : TRICKY_IDS) {
            try {
                expected.add(Topics.ofUnit(id));
            } catch (IllegalArgumentException e) {
                expected.add("(refused)");
            }
        }
        assertThat(out.lines().toList()).containsExactlyElementsOf(expected);
        assertThat(expected).contains("(refused)", "lawstats.unit.a_5f2eb");
    }
}
