package org.lawstats.aggregator.gateway;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.lawstats.aggregator.access.LawstatsUser;
import org.lawstats.aggregator.access.Role;
import org.lawstats.aggregator.access.UnitAccess;
import org.lawstats.aggregator.registry.UnitRegistry;
import org.lawstats.aggregator.web.ApiDocs;
import org.lawstats.aggregator.web.ApiError;
import org.lawstats.aggregator.web.RateLimiter;
import org.lawstats.contract.EventCodec;
import org.lawstats.contract.EventEnvelope;
import org.lawstats.contract.Violation;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.util.InvalidMimeTypeException;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /api/v1/events}: one event, a JSON array, or NDJSON. All or nothing: every event is checked
 * against the contract, the registry and the caller's unit (its unitId and, for a unit-bound emitter, its eventId:
 * events.md 1.2) before any is written; then each goes to its topic with acks=all, and the answer comes after the
 * broker has them. Each write is in the audit trail, and each event carries its writer's user name.
 */
@RestController
@Tag(name = "events", description = "the gateway for unit services that do not speak Kafka")
class EventGatewayController {
    private static final MediaType NDJSON = MediaType.parseMediaType("application/x-ndjson");

    private final EventCodec codec = EventCodec.strict();
    private final EventWriter writer;
    private final UnitRegistry registry;
    private final UnitAccess access;
    private final RateLimiter rateLimiter;
    private final long maxBodySize;

    EventGatewayController(EventWriter writer, UnitRegistry registry, UnitAccess access, GatewayProperties properties) {
        this.writer = writer;
        this.registry = registry;
        this.access = access;
        // The gateway's one bucket (lawstats.gateway.*): the controller is a singleton.
        this.rateLimiter = new RateLimiter(properties.requestsPerSecond(), properties.burst());
        this.maxBodySize = properties.maxBodySize().toBytes();
    }

    record EventError(
            int index,
            @Schema(nullable = true) String eventId,

            @Schema(description = "the field, e.g. payload.personId; empty for the body as a whole")
            String field,

            String message) {}

    record Rejected(List<EventError> errors) {}

    record Accepted(List<String> accepted) {}

    private record Parsed(List<JsonNode> events, List<EventError> errors) {}

    @Operation(
            summary = "Send events: one object, an array, or NDJSON; all or nothing",
            description = "Every event is checked against events.md, the registry and the caller's units before any"
                    + " is written: a unit-bound emitter's eventIds begin with the id of a unit it may emit for and"
                    + " ':' (events.md 1.2); then each goes to its topic with acks=all, and the answer comes once the"
                    + " broker has them. Each write is recorded in the audit trail.",
            requestBody =
                    @RequestBody(
                            required = true,
                            content = {
                                // one event or an array of events: described in OpenApiConfiguration
                                @Content(mediaType = "application/json"),
                                @Content(
                                        mediaType = "application/x-ndjson",
                                        schema = @Schema(type = "string", description = "one event per line"))
                            }))
    @ApiResponse(
            responseCode = "202",
            description = "every event is with the broker",
            content = @Content(schema = @Schema(implementation = Accepted.class)))
    @ApiResponse(
            responseCode = "400",
            description = "invalid events (an eventId of another unit among them), each error with its index;"
                    + " nothing was written",
            content = @Content(schema = @Schema(implementation = Rejected.class)))
    @ApiResponse(
            responseCode = "413",
            description = "the body is over the size limit",
            content = @Content(schema = @Schema(ref = ApiDocs.ERROR_REF)))
    @ApiResponse(
            responseCode = "415",
            description = "neither application/json nor application/x-ndjson",
            content = @Content(schema = @Schema(ref = ApiDocs.ERROR_REF)))
    @ApiResponse(
            responseCode = "429",
            description = "too many requests (Retry-After), or too many failed logins",
            headers = @Header(name = "Retry-After", schema = @Schema(type = "integer")),
            content = @Content(schema = @Schema(ref = ApiDocs.ERROR_REF)))
    @PostMapping("/api/v1/events")
    ResponseEntity<?> accept(HttpServletRequest request, @AuthenticationPrincipal LawstatsUser user)
            throws IOException {
        long wait = rateLimiter.acquire(user.username());
        if (wait > 0) {
            return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
                    .header(HttpHeaders.RETRY_AFTER, Long.toString(wait))
                    .contentType(MediaType.APPLICATION_JSON)
                    .body(new ApiError(429, "Too Many Requests", "too many requests; retry after " + wait + " s"));
        }
        Boolean ndjson = bodyFormat(request.getContentType());
        if (ndjson == null) {
            // A browser form can only send text/plain, form-urlencoded or multipart: refusing them leaves another
            // origin's page no way to post events, and says plainly what a client should send.
            return ApiError.of(
                    HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                    "send events as application/json (one object or an array) or application/x-ndjson");
        }
        byte[] body = readBounded(request);
        if (body == null) {
            return ApiError.of(HttpStatus.CONTENT_TOO_LARGE, "the body is larger than " + maxBodySize + " bytes");
        }
        Parsed parsed = ndjson ? ndjson(body) : json(body);
        List<EventError> errors = new ArrayList<>(parsed.errors());
        List<EventEnvelope> events = new ArrayList<>();
        for (int i = 0; i < parsed.events().size(); i++) {
            JsonNode node = parsed.events().get(i);
            if (node == null) {
                continue; // a line that is not JSON, already reported
            }
            switch (codec.decode(node)) {
                case EventCodec.Decoded.Invalid invalid -> {
                    for (Violation v : invalid.rejection().violations()) {
                        errors.add(new EventError(i, invalid.eventId().orElse(null), v.field(), v.message()));
                    }
                }
                case EventCodec.Decoded.Valid valid -> {
                    EventEnvelope event = valid.event();
                    if (!registry.contains(event.unitId())) {
                        errors.add(new EventError(i, event.eventId(), "unitId", "is not a unit of the registry"));
                    } else {
                        events.add(event);
                        if (!access.mayWriteEventId(user, event.eventId())) {
                            errors.add(new EventError(
                                    i,
                                    event.eventId(),
                                    "eventId",
                                    "must begin with the id of a unit you may emit for and ':', as "
                                            + event.unitId() + ":... (events.md 1.2: no unit writes another"
                                            + " unit's eventIds)"));
                        }
                    }
                }
            }
        }
        for (EventEnvelope event : events) {
            if (!access.may(user, Role.Right.EMIT, event.unitId())) {
                throw new AccessDeniedException("event " + event.eventId() + " is for unit " + event.unitId()
                        + ", outside your unit's subtree; nothing was written");
            }
        }
        if (!errors.isEmpty() || events.isEmpty()) {
            if (errors.isEmpty()) {
                errors.add(new EventError(0, null, "", "the body holds no event"));
            }
            return ResponseEntity.badRequest()
                    .contentType(MediaType.APPLICATION_JSON)
                    .body(new Rejected(errors));
        }
        return publish(events, parsed.events(), user, request.getRemoteAddr());
    }

    private ResponseEntity<?> publish(
            List<EventEnvelope> events, List<JsonNode> nodes, LawstatsUser user, String from) {
        try {
            writer.write(new EventWriter.Batch("events.write", events, nodes, Map.of(), Set.of()), user, from);
        } catch (EventWriter.NotWrittenException e) {
            return ApiError.of(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage());
        }
        return ResponseEntity.status(HttpStatus.ACCEPTED)
                .contentType(MediaType.APPLICATION_JSON)
                .body(new Accepted(events.stream().map(EventEnvelope::eventId).toList()));
    }

    /** True for NDJSON, false for JSON (also when no type is given), null for any other media type. */
    private static Boolean bodyFormat(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return false;
        }
        MediaType type;
        try {
            type = MediaType.parseMediaType(contentType);
        } catch (InvalidMimeTypeException e) {
            return null;
        }
        if (NDJSON.isCompatibleWith(type)) {
            return true;
        }
        return MediaType.APPLICATION_JSON.isCompatibleWith(type) && !type.isWildcardType() ? false : null;
    }

    /** The body, or null when it is over the limit (checked before reading when the length is declared). */
    private byte[] readBounded(HttpServletRequest request) throws IOException {
        if (request.getContentLengthLong() > maxBodySize) {
            return null;
        }
        try (InputStream in = request.getInputStream()) {
            byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBodySize + 1));
            return body.length > maxBodySize ? null : body;
        }
    }

    private Parsed json(byte[] body) {
        JsonNode tree;
        try {
            tree = codec.mapper().readTree(body);
        } catch (JacksonException e) {
            return new Parsed(List.of(), List.of(new EventError(0, null, "", "the body is not valid JSON")));
        }
        if (tree != null && tree.isArray()) {
            List<JsonNode> events = new ArrayList<>();
            tree.forEach(events::add);
            return new Parsed(events, List.of());
        }
        return new Parsed(tree == null || tree.isMissingNode() ? List.of() : List.of(tree), List.of());
    }

    private Parsed ndjson(byte[] body) {
        List<JsonNode> events = new ArrayList<>();
        List<EventError> errors = new ArrayList<>();
        String[] lines = new String(body, StandardCharsets.UTF_8).split("\r?\n");
        for (String line : lines) {
            if (line.isBlank()) {
                continue;
            }
            try {
                events.add(codec.mapper().readTree(line));
            } catch (JacksonException e) {
                errors.add(new EventError(events.size(), null, "", "line is not valid JSON"));
                events.add(null); // keeps the indexes of the following lines right
            }
        }
        return new Parsed(events, errors);
    }
}
