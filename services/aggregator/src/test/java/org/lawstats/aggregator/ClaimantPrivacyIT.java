package org.lawstats.aggregator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.lawstats.contract.CaseKind;
import org.lawstats.contract.EventCodec;
import org.lawstats.contract.EventEnvelope;
import org.lawstats.contract.EventType;
import org.lawstats.contract.Payload;
import org.lawstats.devstack.stack.AggregatorProcess;
import tools.jackson.databind.JsonNode;

/**
 * For random claimants and texts (markup, entities, emoji, rare characters, parts of the name, the name spelt in
 * another case), no response to a caller who may not see the claimant holds any two consecutive characters of the
 * name after its first: not in a field, a highlight, a search result found by a part of the name, nor an error.
 * Each case is planted through the gateway by an emitter, as any unit could.
 */
class ClaimantPrivacyIT {
    private static final String UNIT = "t.privacy";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final AtomicInteger TRY = new AtomicInteger();
    // Pools chosen so that no fixed part of a response (unit ids, kinds, statuses, timestamps, case numbers, the
    // forum's fixed words) can hold a pair of them by chance: a match is always the name.
    private static final String NAME_HAN = "张王李赵钱孙周吴郑冯陈褚卫蒋沈韩杨朱秦尤许何吕施孔曹严华金魏陶姜戚谢邹喻柏水窦章云苏潘葛奚范彭郎鲁韦昌马苗凤花方俞任袁柳丰三四五六七八九";
    private static final List<String> NAME_OTHER = List.of(
            "𠀀", "𪚥", "😀", "👩‍⚖️", "<", ">", "&", "\"", "'", "/", "=", ";", "w", "k", "j", "q", "z", "W", "K", "J",
            "Q", "Z", "&amp;", "</em>", "<em>", " ");
    private static final String FILLER = "不服区政府作出的拆迁补偿决定请求撤销行政处罚信息公开答复违法申请人认为征收程序补偿标准过低诉讼请求";
    private static AggregatorProcess process;

    @BeforeContainer
    static void start() {
        SeparateAggregator aggregator = new SeparateAggregator(
                "privacy-test", "privacy-events", TestInfrastructure.get().elasticsearchUri());
        process = aggregator.start("privacy-aggregator.log", Map.of("LAWSTATS_STORE_CASESALIAS", "privacy-cases"));
    }

    @AfterContainer
    static void stop() {
        if (process != null) {
            process.close();
        }
    }

    /** A planted case: the claimant, and the texts a unit wrote about it. */
    record Planted(String claimant, String cause, String summary, String forum) {}

    @Provide
    Arbitrary<Planted> cases() {
        Arbitrary<String> han = Arbitraries.of(
                NAME_HAN.codePoints().mapToObj(Character::toString).toList());
        Arbitrary<String> piece = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, han), net.jqwik.api.Tuple.of(2, Arbitraries.of(NAME_OTHER)));
        Arbitrary<String> claimant = piece.list()
                .ofMinSize(2)
                .ofMaxSize(6)
                .map(parts -> String.join("", parts))
                .filter(name -> name.codePointCount(0, name.length()) >= 2 && !name.isBlank());
        return claimant.flatMap(name -> Combinators.combine(text(name), text(name), text(name))
                .as((cause, summary, forum) -> new Planted(name, cause, summary, forum)));
    }

    /** Filler with the name, parts of it, and markup put in at random places. */
    private static Arbitrary<String> text(String name) {
        int[] points = name.codePoints().toArray();
        List<String> parts = new ArrayList<>();
        parts.add(name);
        parts.add(name.toUpperCase(Locale.ROOT));
        for (int i = 1; i + 1 < points.length; i++) {
            parts.add(new String(points, i, 2));
        }
        parts.add(new String(points, 1, points.length - 1));
        parts.add("<b onmouseover=alert(1)>");
        parts.add("&lt;");
        parts.add("😀");
        Arbitrary<String> fill = Arbitraries.of(
                        FILLER.codePoints().mapToObj(Character::toString).toList())
                .list()
                .ofMinSize(1)
                .ofMaxSize(8)
                .map(chars -> String.join("", chars));
        return Arbitraries.frequencyOf(
                        net.jqwik.api.Tuple.of(3, fill), net.jqwik.api.Tuple.of(2, Arbitraries.of(parts)))
                .list()
                .ofMinSize(1)
                .ofMaxSize(6)
                .map(chunks -> String.join("", chunks));
    }

    @Property(tries = 25, shrinking = ShrinkingMode.OFF)
    void noResponseToAMaskedCallerHoldsAnyPartOfTheName(@ForAll("cases") Planted planted) throws Exception {
        String caseNo = "（2045）津0104行初" + (1000 + TRY.incrementAndGet()) + "号";
        EventEnvelope filed = EventEnvelope.of(
                UNIT + ":privacy:" + TRY.get(),
                EventType.CASE_FILED,
                UNIT,
                IntegrationTest.at("2045-03-0" + (1 + TRY.get() % 9) + "T09:00:00+08:00"),
                new Payload.CaseFiled(
                        caseNo,
                        CaseKind.LITIGATION,
                        planted.forum(),
                        planted.claimant(),
                        planted.cause(),
                        planted.summary(),
                        true));
        HttpResponse<String> posted = HTTP.send(
                request("/api/v1/events", "privacy-emitter")
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(
                                EventCodec.strict().encode(filed)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(posted.statusCode()).as(posted.body()).isEqualTo(202);
        String detail = "/api/v1/cases/" + UNIT + "/LITIGATION/" + encode(caseNo);
        await().atMost(Duration.ofSeconds(60))
                .until(() -> get(detail, "adviser").statusCode() == 200);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> caseNos(get("/api/v1/cases?unit=" + UNIT + "&size=100", "adviser"))
                        .contains(caseNo));

        Set<String> pairs = pairs(planted.claimant());
        List<String> queries = new ArrayList<>();
        queries.add("");
        queries.add(planted.claimant());
        queries.addAll(pairs);
        queries.add(planted.cause()
                .codePoints()
                .limit(4)
                .mapToObj(Character::toString)
                .collect(Collectors.joining()));
        queries.add(planted.claimant().substring(0, planted.claimant().offsetByCodePoints(0, 1)));
        for (String user : List.of("leader", "leading-clerk")) {
            for (String q : queries) {
                if (q.isBlank()) {
                    continue;
                }
                HttpResponse<String> found = get("/api/v1/cases?unit=" + UNIT + "&size=100&q=" + encode(q), user);
                assertThat(found.statusCode()).as(found.body()).isEqualTo(200);
                JsonNode items = IntegrationTest.JSON.readTree(found.body()).path("items");
                for (JsonNode item : items) {
                    if (item.path("caseNo").asString().equals(caseNo)) {
                        assertHolds(pairs, item, user + " searching " + q);
                        if (pairs.contains(q.toLowerCase(Locale.ROOT)) || q.equals(planted.claimant())) {
                            assertThat(explained(q, item))
                                    .as("a part of the name found the case for " + user + " by what it cannot see: "
                                            + q)
                                    .isTrue();
                        }
                    }
                }
            }
            HttpResponse<String> one = get(detail, user);
            assertThat(one.statusCode()).isEqualTo(200);
            assertHolds(pairs, IntegrationTest.JSON.readTree(one.body()), user + " reading the case");
            assertThat(IntegrationTest.JSON
                            .readTree(one.body())
                            .path("claimant")
                            .asString())
                    .isEqualTo(planted.claimant()
                                    .substring(0, planted.claimant().offsetByCodePoints(0, 1))
                            + "*"
                                    .repeat(planted.claimant()
                                                    .codePointCount(
                                                            0,
                                                            planted.claimant().length())
                                            - 1));
            HttpResponse<String> error =
                    get("/api/v1/cases?unit=" + UNIT + "&q=" + encode(planted.claimant()) + "&size=x", user);
            assertThat(error.statusCode()).isEqualTo(400);
            assertHolds(pairs, IntegrationTest.JSON.readTree(error.body()), user + " getting an error");
        }
        // The caller who may see the claimant finds the case by the name (when every term of it has a character
        // the analyzer keeps: "<" or "&amp;" alone are no words to search for).
        if (Arrays.stream(planted.claimant().strip().split("\\s+"))
                .allMatch(term -> !words(term).isEmpty())) {
            assertThat(caseNos(get(
                            "/api/v1/cases?unit=" + UNIT + "&size=100&q="
                                    + encode(planted.claimant().strip()),
                            "adviser")))
                    .contains(caseNo);
        }
    }

    /**
     * Whether what the caller is shown of the case holds the query's word characters in a row (the analyzer drops
     * punctuation and spaces, so a search may match across them): a hit is then explained by visible text, not by
     * the hidden name. Each {@code *} stands for a hidden character, a word of its own for the analyzer.
     */
    private static boolean explained(String q, JsonNode item) {
        StringBuilder shown = new StringBuilder();
        for (String field : List.of("cause", "summary", "forum", "caseNo")) {
            shown.append(words(item.path(field).asString(""))).append('|');
        }
        String wanted = words(q);
        // The stars of a masked name separate nothing for the search, whose analyzer drops them: "九**九**" (the name
        // "九 九" shown twice) holds the phrase 九 九 in what the caller sees. The hidden characters stay absent.
        return !wanted.isEmpty() && shown.toString().replace("*", "").contains(wanted);
    }

    private static String words(String text) {
        StringBuilder out = new StringBuilder();
        text.toLowerCase(Locale.ROOT).codePoints().forEach(c -> {
            if (Character.isLetterOrDigit(c) || c == '*' || Character.getType(c) == Character.OTHER_SYMBOL) {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }

    /** Every two consecutive characters of the name after its first, folded to lower case. */
    private static Set<String> pairs(String claimant) {
        int[] points = claimant.toLowerCase(Locale.ROOT).codePoints().toArray();
        Set<String> pairs = new LinkedHashSet<>();
        for (int i = 1; i + 1 < points.length; i++) {
            pairs.add(new String(points, i, 2));
        }
        return pairs;
    }

    /** No string anywhere in the node (highlights read as the text a browser shows) holds one of the pairs. */
    private static void assertHolds(Set<String> pairs, JsonNode node, String what) {
        List<String> texts = new ArrayList<>();
        collect(node, texts);
        for (String text : texts) {
            String shown = text.replace("<em>", "")
                    .replace("</em>", "")
                    .replace("&lt;", "<")
                    .replace("&gt;", ">")
                    .replace("&quot;", "\"")
                    .replace("&#39;", "'")
                    .replace("&amp;", "&")
                    .toLowerCase(Locale.ROOT);
            for (String pair : pairs) {
                assertThat(shown).as(what + ": " + pair + " in " + text).doesNotContain(pair);
            }
        }
    }

    private static void collect(JsonNode node, List<String> texts) {
        if (node.isString()) {
            texts.add(node.asString());
        }
        node.forEach(child -> collect(child, texts));
    }

    private static List<String> caseNos(HttpResponse<String> response) {
        List<String> caseNos = new ArrayList<>();
        IntegrationTest.JSON
                .readTree(response.body())
                .path("items")
                .forEach(i -> caseNos.add(i.path("caseNo").asString()));
        return caseNos;
    }

    private static HttpRequest.Builder request(String path, String user) {
        return HttpRequest.newBuilder(URI.create(process.uri() + path))
                .header("Authorization", IntegrationTest.basic(user));
    }

    private static HttpResponse<String> get(String path, String user) throws Exception {
        return HTTP.send(request(path, user).build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
