package org.lawstats.aggregator.web;

import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.Paths;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.lawstats.contract.EventType;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI 3.1 description of the HTTP API ({@code GET /v3/api-docs}, public): the controllers describe their
 * parameters and answers; here, what every operation shares (HTTP Basic or the session, the error body of api.md and
 * the failures any call may meet) and the two actuator endpoints api.md names. OpenApiIT checks the server's real
 * answers against it.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    // Fields the answers hold as null (JSON null, not left out) when there is nothing to say.
    private static final Map<String, List<String>> NULLABLE = Map.of(
            "CaseView",
            List.of("forum", "claimant", "cause", "summary", "filedAt", "closedAt", "outcome"),
            "Status",
            List.of("startedAt", "finishedAt", "eventsIndex", "casesIndex", "previousEventsIndex", "message"),
            "EventError",
            List.of("eventId"),
            "UnitView",
            List.of("parent"),
            "AuditEntry",
            List.of("unitId"),
            "Family",
            List.of("lastEventAt"),
            "RecordsView",
            List.of("part"));
    // Maps of figures: every catalogue id, a number, or null for a rate over zero.
    private static final Map<String, String> FIGURES =
            Map.of("StatsView", "values", "Row", "values", "Total", "values");

    @Bean
    OpenAPI lawstatsOpenApi() {
        return new OpenAPI()
                .info(new Info()
                        .title("lawstats")
                        .version("1.1")
                        .description("法治政府建设情况统计: the official figures of a district's units, their case "
                                + "records, the annual report draft, and the gateway for events (api.md 1.1).")
                        .license(new License().name("proprietary")))
                .components(new Components()
                        .addSecuritySchemes(
                                "basic",
                                new SecurityScheme()
                                        .type(SecurityScheme.Type.HTTP)
                                        .scheme("basic")
                                        .description("The users of the users file (api.md § Users and rights)"))
                        .addSecuritySchemes(
                                "session",
                                new SecurityScheme()
                                        .type(SecurityScheme.Type.APIKEY)
                                        .in(SecurityScheme.In.COOKIE)
                                        .name("JSESSIONID")
                                        .description("The web pages' session (POST /login); a state-changing request "
                                                + "also sends the XSRF-TOKEN cookie's value as X-XSRF-TOKEN")))
                .addSecurityItem(new SecurityRequirement().addList("basic"))
                .addSecurityItem(new SecurityRequirement().addList("session"));
    }

    /** The error body, the failures every API operation may meet, and the actuator endpoints of api.md. */
    @Bean
    OpenApiCustomizer sharedAnswers() {
        return openApi -> {
            Map<String, Schema> error = ModelConverters.getInstance().read(ApiError.class);
            openApi.getComponents()
                    .addSchemas(ApiDocs.ERROR, error.get("ApiError").description("api.md's error body"));
            openApi.getComponents().addSchemas("Event", event());
            Map<String, Schema> schemas = openApi.getComponents().getSchemas();
            NULLABLE.forEach((name, fields) -> fields.forEach(field -> orNull(schemas.get(name), field)));
            FIGURES.forEach((name, field) -> {
                Schema<?> figures = property(schemas.get(name), field);
                if (figures != null) {
                    figures.setTypes(new LinkedHashSet<>(List.of("object")));
                    figures.setAdditionalProperties(
                            new Schema<>().types(new LinkedHashSet<>(List.of("number", "null"))));
                }
            });
            openApi.getComponents()
                    .addSchemas(
                            "Events",
                            new Schema<>().type("array").items(new Schema<>().$ref("#/components/schemas/Event")));
            if (openApi.getPaths() == null) {
                openApi.setPaths(new Paths());
            }
            openApi.getPaths()
                    .forEach((path, item) -> item.readOperations().forEach(operation -> {
                        ApiResponses responses = operation.getResponses();
                        responses.putIfAbsent("401", error("no or wrong credentials (HTTP Basic challenge)"));
                        responses.putIfAbsent("403", error("outside the caller's role or unit subtree"));
                        responses.putIfAbsent("429", tooMany("too many failed logins: locked out for a while"));
                        responses.putIfAbsent("500", error("an internal error (never a stack trace)"));
                        responses.putIfAbsent("503", error("the store, the broker or the audit trail is unavailable"));
                    }));
            // The gateway takes one event or an array of them: the contract's JSON, not a Java type.
            PathItem events = openApi.getPaths().get("/api/v1/events");
            if (events != null && events.getPost() != null && events.getPost().getRequestBody() != null) {
                events.getPost()
                        .getRequestBody()
                        .getContent()
                        .addMediaType(
                                "application/json",
                                new MediaType()
                                        .schema(new Schema<>()
                                                .description("one event, or an array of events")
                                                .oneOf(List.of(
                                                        new Schema<>().$ref("#/components/schemas/Event"),
                                                        new Schema<>().$ref("#/components/schemas/Events")))));
            }
            openApi.getPaths().addPathItem("/actuator/health", actuator("health", "UP or DOWN; details for admins"));
            openApi.getPaths()
                    .addPathItem(
                            "/actuator/prometheus",
                            new PathItem()
                                    .get(new Operation()
                                            .operationId("prometheus")
                                            .summary("Pipeline metrics in the Prometheus text format (admins)")
                                            .responses(new ApiResponses()
                                                    .addApiResponse(
                                                            "200",
                                                            new ApiResponse()
                                                                    .description("metrics")
                                                                    .content(new Content()
                                                                            .addMediaType(
                                                                                    "text/plain",
                                                                                    new MediaType()
                                                                                            .schema(new Schema<String>()
                                                                                                    .type("string")))))
                                                    .addApiResponse("401", error("no or wrong credentials"))
                                                    .addApiResponse("403", error("admins only")))));
        };
    }

    private static Schema<?> property(Schema<?> schema, String field) {
        return schema == null || schema.getProperties() == null
                ? null
                : schema.getProperties().get(field);
    }

    /** Lets a property of a described schema be null as well (OpenAPI 3.1: a type list with "null"). */
    private static void orNull(Schema<?> schema, String field) {
        Schema<?> property = property(schema, field);
        if (property == null) {
            throw new IllegalStateException("the description has no " + field + " to let be null");
        }
        Set<String> types = new LinkedHashSet<>(property.getTypes() == null ? Set.of("string") : property.getTypes());
        types.add("null");
        property.setTypes(types);
    }

    /** The envelope of events.md; the payload's fields depend on the type (events.md § Payloads). */
    private static Schema<?> event() {
        return new Schema<>()
                .type("object")
                .description("an event of events.md v1")
                .addProperty("eventId", new Schema<String>().type("string").pattern("^[A-Za-z0-9._:-]{1,128}$"))
                .addProperty("revision", new Schema<Long>().type("integer").minimum(BigDecimal.ONE))
                .addProperty(
                        "type",
                        new Schema<String>()
                                .type("string")
                                ._enum(Arrays.stream(EventType.values())
                                        .map(EventType::wireName)
                                        .toList()))
                .addProperty("unitId", new Schema<String>().type("string").pattern("^[A-Za-z0-9._:-]{1,128}$"))
                .addProperty("occurredAt", new Schema<String>().type("string").format("date-time"))
                .addProperty("retracted", new Schema<Boolean>().type("boolean"))
                .addProperty(
                        "payload",
                        new Schema<>().type("object").description("the fields of the type, events.md § Payloads"))
                .required(List.of("eventId", "type", "unitId", "occurredAt", "payload"));
    }

    private static PathItem actuator(String id, String summary) {
        Schema<?> health = new Schema<>()
                .type("object")
                .addProperty(
                        "status",
                        new Schema<String>().type("string")._enum(List.of("UP", "DOWN", "OUT_OF_SERVICE", "UNKNOWN")))
                .addProperty("components", new Schema<>().type("object"))
                .required(List.of("status"));
        return new PathItem()
                .get(new Operation()
                        .operationId(id)
                        .summary(summary)
                        .security(List.of())
                        .responses(new ApiResponses()
                                .addApiResponse(
                                        "200",
                                        new ApiResponse().description("up").content(actuatorJson(health)))
                                .addApiResponse(
                                        "503",
                                        new ApiResponse().description("down").content(actuatorJson(health)))));
    }

    /** The actuator answers its own JSON media type, or plain JSON when asked for it. */
    private static Content actuatorJson(Schema<?> schema) {
        return json(schema)
                .addMediaType("application/vnd.spring-boot.actuator.v3+json", new MediaType().schema(schema));
    }

    static ApiResponse error(String description) {
        return new ApiResponse().description(description).content(json(new Schema<>().$ref(ApiDocs.ERROR_REF)));
    }

    static ApiResponse tooMany(String description) {
        return error(description)
                .addHeaderObject(
                        "Retry-After",
                        new Header().description("seconds to wait").schema(new Schema<Integer>().type("integer")));
    }

    private static Content json(Schema<?> schema) {
        return new Content().addMediaType("application/json", new MediaType().schema(schema));
    }
}
