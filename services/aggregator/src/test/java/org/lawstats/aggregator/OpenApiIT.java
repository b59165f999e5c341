package org.lawstats.aggregator;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.lawstats.contract.EventCodec;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The OpenAPI 3.1 description at /v3/api-docs matches what the server does: every API endpoint the server maps is
 * described, and real answers (successes and errors, every role) have a documented status and media type, and a
 * JSON body valid against the documented schema.
 */
class OpenApiIT extends IntegrationTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    private JsonNode description() throws Exception {
        HttpResponse<String> response = getAs(null, "/v3/api-docs");
        assertThat(response.statusCode()).as("public").isEqualTo(200);
        Files.writeString(Path.of("target", "openapi.json"), response.body());
        return JSON.readTree(response.body());
    }

    @Test
    void itIsOpenApi31AndDescribesEveryEndpointTheServerMaps() throws Exception {
        JsonNode api = description();
        assertThat(api.path("openapi").asString()).startsWith("3.1");

        Set<String> mapped = new TreeSet<>();
        mappings.getHandlerMethods()
                .forEach((info, method) -> info.getPathPatternsCondition().getPatternValues().stream()
                        .filter(path -> path.startsWith("/api/"))
                        .forEach(path -> info.getMethodsCondition()
                                .getMethods()
                                .forEach(verb -> mapped.add(verb.name().toLowerCase(Locale.ROOT) + " " + path))));
        Set<String> described = new TreeSet<>();
        api.path("paths")
                .properties()
                .forEach(path -> path.getValue()
                        .properties()
                        .forEach(verb -> described.add(verb.getKey() + " " + path.getKey())));

        assertThat(mapped).isNotEmpty();
        assertThat(described).containsAll(mapped);
        assertThat(described).contains("get /actuator/health", "get /actuator/prometheus");
        assertThat(api.path("components")
                        .path("schemas")
                        .path("Error")
                        .path("properties")
                        .propertyNames())
                .containsExactlyInAnyOrder("status", "error", "message");
    }

    /** One call: who, what, and the body if it posts. */
    private record Call(String user, String method, String path, String contentType, String body) {
        static Call get(String user, String path) {
            return new Call(user, "GET", path, null, null);
        }
    }

    @Test
    void realAnswersHaveADocumentedStatusMediaTypeAndBody() throws Exception {
        JsonNode api = description();
        String valid = new String(
                EventCodec.strict()
                        .encode(enrolled(
                                "t.tree.a:openapi:1", "t.tree.a", "p-openapi", at("2048-01-01T09:00:00+08:00"))),
                StandardCharsets.UTF_8);
        List<Call> calls = List.of(
                Call.get("leader", "/api/v1/indicators"),
                Call.get("leader", "/api/v1/stats?period=2024&unit=t"),
                Call.get("leader", "/api/v1/stats?period=2024-13"),
                Call.get("leader", "/api/v1/stats?unit=no.such.unit"),
                Call.get(null, "/api/v1/stats"),
                Call.get("clerk", "/api/v1/stats?unit=t.known"),
                Call.get("emitter", "/api/v1/indicators"),
                Call.get("leader", "/api/v1/stats/breakdown?period=2024&unit=t"),
                Call.get("leader", "/api/v1/stats/breakdown?period=2024&unit=t&format=csv"),
                Call.get("leader", "/api/v1/stats/breakdown?period=2024&unit=t&format=xlsx"),
                Call.get("leader", "/api/v1/stats/breakdown?format=pdf"),
                Call.get("leader", "/api/v1/cases?unit=t&q=%E6%8B%86%E8%BF%81"),
                Call.get("adviser", "/api/v1/cases?unit=t.cases"),
                Call.get("leader", "/api/v1/cases?size=0"),
                Call.get("leader", "/api/v1/cases/t.cases/LITIGATION/no-such-case"),
                Call.get("leader", "/api/v1/cases/t.cases/BAD/x"),
                Call.get("leader", "/api/v1/reports/annual?year=2024&unit=t&format=md"),
                Call.get("leader", "/api/v1/reports/annual?year=2024&unit=t&format=docx"),
                Call.get("leader", "/api/v1/reports/annual?year=24"),
                Call.get("clerk", "/api/v1/units"),
                Call.get("admin", "/api/v1/admin/rebuild"),
                Call.get("leader", "/api/v1/admin/rebuild"),
                Call.get("admin", "/api/v1/admin/audit?limit=5"),
                Call.get("admin", "/api/v1/admin/audit?limit=x"),
                Call.get("leader", "/api/v1/stats/records?indicator=disclosure.received&period=2024&unit=t"),
                Call.get("leader", "/api/v1/stats/records?indicator=disclosure.on_time_rate&unit=t"),
                Call.get("leader", "/api/v1/stats/records?indicator=training.completed_persons&format=csv&unit=t"),
                Call.get("leader", "/api/v1/completeness?period=2024-Q1&unit=t"),
                Call.get("clerk", "/api/v1/completeness?unit=t"),
                Call.get("leader", "/api/v1/deadlines?unit=t&status=OVERDUE"),
                Call.get("leader", "/api/v1/calendar/due?from=2024-09-27&days=20&count=WORKING"),
                Call.get("leader", "/api/v1/calendar/due?from=2031-01-01&days=20&count=WORKING"),
                Call.get("emitter", "/api/v1/imports/templates/training.completed"),
                Call.get("emitter", "/api/v1/imports/templates/no.such"),
                Call.get("emitter", "/api/v1/entries/units"),
                Call.get("emitter", "/api/v1/entries/ledgers"),
                Call.get("emitter", "/api/v1/entries?unit=t.tree.a"),
                Call.get("emitter", "/api/v1/entries?unit=t.known"),
                Call.get(null, "/actuator/health"),
                new Call("emitter", "POST", "/api/v1/events", "application/json", valid),
                new Call("emitter", "POST", "/api/v1/events", "application/json", "[{\"eventId\":\"x\"}]"),
                new Call("emitter", "POST", "/api/v1/events", "text/plain", valid),
                new Call("emitter", "POST", "/api/v1/events", "application/x-ndjson", valid + "\n"),
                new Call("leader", "POST", "/api/v1/events", "application/json", valid));
        List<String> problems = new ArrayList<>();
        for (Call call : calls) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + call.path()));
            if (call.user() != null) {
                request.header("Authorization", basic(call.user()));
            }
            if (call.body() != null) {
                request.header("Content-Type", call.contentType())
                        .POST(HttpRequest.BodyPublishers.ofString(call.body()));
            }
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            problems.addAll(check(api, call, response));
        }

        assertThat(problems).isEmpty();
    }

    private static List<String> check(JsonNode api, Call call, HttpResponse<String> response) {
        String path = URI.create("http://x" + call.path()).getPath();
        String what = call.method() + " " + call.path() + " as " + call.user() + " -> " + response.statusCode();
        JsonNode operation = operation(api, path, call.method().toLowerCase(Locale.ROOT));
        if (operation == null) {
            return List.of(what + ": no such operation described");
        }
        JsonNode documented = operation.path("responses").path(Integer.toString(response.statusCode()));
        if (documented.isMissingNode()) {
            return List.of(what + ": status not described");
        }
        String type = response.headers()
                .firstValue("Content-Type")
                .map(t -> t.split(";")[0].strip())
                .orElse("");
        JsonNode content = documented.path("content");
        if (!content.isMissingNode() && !type.isEmpty()) {
            JsonNode media = content.path(type);
            if (media.isMissingNode()) {
                media = content.path("*/*");
            }
            if (media.isMissingNode()) {
                return List.of(what + ": media type " + type + " not described, only " + content.propertyNames());
            }
            if (type.equals("application/json") && media.has("schema")) {
                ObjectNode document = ((ObjectNode) media.path("schema")).deepCopy();
                document.set("components", api.path("components"));
                Schema schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                        .getSchema(document);
                List<Error> errors = schema.validate(JSON.readTree(response.body()));
                if (!errors.isEmpty()) {
                    return List.of(what + ": " + errors + " in " + response.body());
                }
            }
        }
        return List.of();
    }

    /** The described operation whose path template matches the path. */
    private static JsonNode operation(JsonNode api, String path, String method) {
        for (var entry : api.path("paths").properties()) {
            String template = entry.getKey();
            String regex = "^" + template.replaceAll("\\{[^/]+}", "[^/]+") + "$";
            if (path.matches(regex) && entry.getValue().has(method)) {
                return entry.getValue().path(method);
            }
        }
        return null;
    }
}
