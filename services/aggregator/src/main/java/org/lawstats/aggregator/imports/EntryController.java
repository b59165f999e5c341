package org.lawstats.aggregator.imports;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.lawstats.aggregator.access.LawstatsUser;
import org.lawstats.aggregator.access.Role;
import org.lawstats.aggregator.access.UnitAccess;
import org.lawstats.aggregator.audit.AuditTrail;
import org.lawstats.aggregator.gateway.EventWriter;
import org.lawstats.aggregator.indicators.ClaimantMasking;
import org.lawstats.aggregator.registry.UnitRegistry;
import org.lawstats.aggregator.web.ApiDocs;
import org.lawstats.aggregator.web.ApiError;
import org.lawstats.aggregator.web.BadRequestException;
import org.lawstats.aggregator.web.IntegerParameter;
import org.lawstats.aggregator.web.RecordsExport;
import org.lawstats.aggregator.web.UnitParameter;
import org.lawstats.contract.EventEnvelope;
import org.lawstats.contract.EventType;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.node.ObjectNode;

/**
 * The entry forms of units without IT of their own (our extension of api.md): the units a caller may enter for, the
 * ledger columns that make the forms, a unit's recent entries, and one entry (new, corrected or withdrawn), checked
 * as a ledger row is (Chinese messages per field) and written as the gateway writes.
 */
@RestController
@Tag(name = "imports")
class EntryController {
    private final LedgerImport imports;
    private final Entries entries;
    private final RecentEntries recent;
    private final EventWriter writer;
    private final UnitRegistry registry;
    private final UnitAccess access;
    private final ClaimantMasking masking;
    private final AuditTrail audit;

    EntryController(
            LedgerImport imports,
            Entries entries,
            RecentEntries recent,
            EventWriter writer,
            UnitRegistry registry,
            UnitAccess access,
            ClaimantMasking masking,
            AuditTrail audit) {
        this.imports = imports;
        this.entries = entries;
        this.recent = recent;
        this.writer = writer;
        this.registry = registry;
        this.access = access;
        this.masking = masking;
        this.audit = audit;
    }

    record UnitView(String id, String name, String parent) {}

    record LedgerView(String type, String name, String date, List<String> key, List<LedgerSpec.Column> columns) {}

    record LedgersView(String trueWord, String falseWord, List<LedgerView> ledgers) {}

    record EntriesView(
            long total,

            @Schema(
                    description = "events, the contract's JSON of the latest revision, with writer {kind: user (who"
                            + " wrote it through this API) | unit (the unit's own system, through its Kafka topic),"
                            + " name} when known, and hidden: the payload fields the caller may not read (masked as"
                            + " for a LEADER)")
            List<Map<String, Object>> items) {}

    /**
     * One entry: the type, the unit, the date and each field's text; {@code eventId} to correct or withdraw one of the
     * unit's entries.
     */
    /** One entry; {@code withdraw} may be left out (false). */
    record Entry(String type, String unit, String date, Map<String, String> values, String eventId, Boolean withdraw) {
        boolean withdrawing() {
            return Boolean.TRUE.equals(withdraw);
        }
    }

    record Written(String eventId, long revision, boolean withdrawn) {}

    record EntryErrors(List<LedgerImport.RowError> errors) {}

    @Operation(summary = "The units the caller may enter events for")
    @GetMapping("/api/v1/entries/units")
    List<UnitView> units(@AuthenticationPrincipal LawstatsUser user) {
        return registry.units().stream()
                .filter(u -> access.may(user, Role.Right.EMIT, u.id()))
                .map(u -> new UnitView(u.id(), u.name(), u.parent()))
                .toList();
    }

    @Operation(summary = "The ledger columns of every event type: what the forms and the templates hold")
    @GetMapping("/api/v1/entries/ledgers")
    LedgersView ledgers() {
        LedgerSpec spec = imports.spec();
        List<LedgerView> ledgers = new ArrayList<>();
        for (EventType type : EventType.values()) {
            spec.ledger(type)
                    .ifPresent(l -> ledgers.add(
                            new LedgerView(l.type().wireName(), l.name(), l.date(), l.identity(), l.columns())));
        }
        return new LedgersView(spec.trueWord(), spec.falseWord(), ledgers);
    }

    @Operation(
            summary = "A unit's own recent entries, the most recently stored first (withdrawn ones included)",
            description = "Each with who wrote it. Personal data is masked as for a LEADER unless the caller may read"
                    + " the unit's case records in full (a UNIT_CLERK of it, an ADVISER, an ADMIN); such a read is"
                    + " recorded in the audit trail.")
    @ApiResponse(
            responseCode = "200",
            description = "the entries: the contract's JSON of each event, its latest revision",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = EntriesView.class)))
    @ApiResponse(
            responseCode = "403",
            description = "a unit the caller may not enter for",
            content = @Content(schema = @Schema(ref = ApiDocs.ERROR_REF)))
    @GetMapping("/api/v1/entries")
    EntriesView entries(
            @RequestParam(name = "unit", required = false) String unit,
            @RequestParam(name = "page", defaultValue = "0") String page,
            @RequestParam(name = "size", defaultValue = "20") String size,
            @AuthenticationPrincipal LawstatsUser user,
            HttpServletRequest request) {
        String unitId = UnitParameter.emitting(unit, user, registry, access);
        int pageNumber = IntegerParameter.parse("page", page, 0, 500);
        int pageSize = IntegerParameter.parse("size", size, 1, 100);
        RecentEntries.Page found = recent.of(unitId, pageNumber, pageSize);
        // An emitter may send events, nothing else (api.md): what it lists of them is what a LEADER would see.
        List<ObjectNode> items = found.items();
        List<ObjectNode> originals = items.stream().map(ObjectNode::deepCopy).toList();
        masking.mask(items, user);
        for (int i = 0; i < items.size(); i++) {
            List<String> hidden = ClaimantMasking.hiddenFields(originals.get(i), items.get(i));
            if (!hidden.isEmpty()) {
                hidden.forEach(items.get(i).putArray("hidden")::add);
            }
        }
        if (access.seesClaimant(user, unitId) && !items.isEmpty()) {
            audit.record(
                    user,
                    request.getRemoteAddr(),
                    "entries.read",
                    unitId,
                    AuditTrail.Scope.UNIT,
                    items.size(),
                    items.stream().map(e -> e.path("eventId").asString()).toList(),
                    Map.of("page", Integer.toString(pageNumber), "size", Integer.toString(pageSize)));
        }
        return new EntriesView(found.total(), RecordsExport.maps(items));
    }

    @Operation(
            summary = "Enters one event for a unit, corrects one (eventId) or withdraws one (eventId, withdraw)",
            description = "The fields as a ledger row: each checked, with a Chinese message per field when wrong"
                    + " (400 {errors: [{row, column, message}]}); then written as POST /api/v1/events writes.")
    @ApiResponse(responseCode = "200", description = "written: its eventId and revision")
    @ApiResponse(
            responseCode = "400",
            description = "a field is wrong",
            content = @Content(schema = @Schema(implementation = EntryErrors.class)))
    @ApiResponse(
            responseCode = "413",
            description = "the body is over the JSON body limit (lawstats.limits.json-body-size)",
            content = @Content(schema = @Schema(ref = ApiDocs.ERROR_REF)))
    @ApiResponse(
            responseCode = "429",
            description = "too many entries by this user (Retry-After), or too many failed logins",
            headers = @Header(name = "Retry-After", schema = @Schema(type = "integer")),
            content = @Content(schema = @Schema(ref = ApiDocs.ERROR_REF)))
    @PostMapping("/api/v1/entries")
    ResponseEntity<?> enter(
            @RequestBody Entry entry, @AuthenticationPrincipal LawstatsUser user, HttpServletRequest request) {
        EventType type = entry.type() == null
                ? null
                : EventType.fromWireName(entry.type()).orElse(null);
        if (type == null) {
            throw new BadRequestException("type must be an event type of events.md");
        }
        String unitId = UnitParameter.emitting(entry.unit(), user, registry, access);
        EventEnvelope event;
        switch (entries.enter(type, unitId, entry.date(), values(entry), entry.eventId(), entry.withdrawing(), user)) {
            case Entries.Entered.Invalid invalid -> {
                return ResponseEntity.badRequest().body(new EntryErrors(invalid.errors()));
            }
            case Entries.Entered.Event written -> event = written.event();
        }
        try {
            writer.write(written(entry, event), user, request.getRemoteAddr());
        } catch (EventWriter.NotWrittenException e) {
            return ApiError.of(HttpStatus.SERVICE_UNAVAILABLE, "the entry could not be written now; send it again");
        }
        return ResponseEntity.ok(new Written(event.eventId(), event.revision(), event.retracted()));
    }

    private static Map<String, String> values(Entry entry) {
        return entry.values() == null ? Map.of() : entry.values();
    }

    /**
     * The entry as a write for the audit trail: an entry, a correction or a withdrawal. A revision keeps its event's id:
     * the store holds it for this unit, whatever id it was given before events.md 1.2.
     */
    private static EventWriter.Batch written(Entry entry, EventEnvelope event) {
        String action = event.retracted()
                ? "entry.withdraw"
                : entry.eventId() == null || entry.eventId().isBlank() ? "entry.write" : "entry.correct";
        return new EventWriter.Batch(
                action,
                List.of(event),
                null,
                Map.of("type", event.type().wireName()),
                event.revision() > 1 ? Set.of(event.eventId()) : Set.of());
    }
}
