package org.lawstats.aggregator.imports;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.MgetResponse;
import co.elastic.clients.elasticsearch.core.mget.MultiGetResponseItem;
import co.elastic.clients.json.JsonData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.lawstats.aggregator.indicators.EventDocument;
import org.lawstats.aggregator.registry.UnitRegistry;
import org.lawstats.aggregator.store.EventIndexInitializer;
import org.lawstats.contract.EventCodec;
import org.lawstats.contract.EventEnvelope;
import org.lawstats.contract.EventIds;
import org.lawstats.contract.EventType;
import org.lawstats.contract.Violation;
import org.springframework.core.io.InputStreamSource;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A unit's ledger (台账) as events (api.md {@code POST /api/v1/imports}): each valid row becomes an event of the unit
 * with an id made from the unit, the type and the row's key columns, so that the same row imported again is the same
 * event; the id begins with the unit's id, so that no other unit may write it (events.md 1.2). Compared with what is stored, a row is new (imported), the same (unchanged) or changed (its next revision,
 * revised). An invalid row is reported by its number and column in Chinese and writes nothing; the other rows go on.
 * Every event passes the contract's own validation ({@link EventCodec}), as any event through the gateway.
 */
@Service
public class LedgerImport {
    private static final int LOOKUP = 1_000;

    private final LedgerSpec spec;
    private final UnitRegistry registry;
    private final ElasticsearchClient client;
    private final String alias;
    private final EventCodec codec = EventCodec.strict();
    private final LedgerFile.Limits limits;

    LedgerImport(
            LedgerSpec spec,
            LedgerFile.Limits limits,
            UnitRegistry registry,
            ElasticsearchClient client,
            EventIndexInitializer index) {
        this.spec = spec;
        this.limits = limits;
        this.registry = registry;
        this.client = client;
        this.alias = index.alias();
    }

    /** A file that is no ledger at all (not a spreadsheet, empty, damaged): the message says why, in Chinese. */
    public static class UnreadableLedgerException extends RuntimeException {
        UnreadableLedgerException(String message) {
            super(message);
        }
    }

    /** A file past one of the limits of what a file may hold (ADR 19): the message names the limit, in Chinese. */
    public static class LedgerTooLargeException extends UnreadableLedgerException {
        LedgerTooLargeException(String message) {
            super(message);
        }
    }

    /** One invalid row: its number as the spreadsheet shows it, the column's header, what is wrong, in Chinese. */
    public record RowError(int row, String column, String message) {}

    /**
     * What an import would do: the events to write, and how many rows are new, the same, changed or wrong.
     *
     * @param legacyIds the eventIds among {@code events} that revise a row stored before events.md 1.2 under its
     *     former id ({@link #legacyEventId}): it keeps that id, so that the row never counts twice
     */
    public record Plan(
            List<EventEnvelope> events,
            int imported,
            int unchanged,
            int revised,
            List<RowError> errors,
            Set<String> legacyIds) {
        public Plan {
            legacyIds = Set.copyOf(legacyIds);
        }
    }

    public LedgerSpec spec() {
        return spec;
    }

    /**
     * Reads and checks the file (as a stream, within the limits of what a file may hold: {@link
     * LedgerTooLargeException} past one), and compares its rows with what is stored; writes nothing.
     */
    public Plan plan(EventType type, String unitId, InputStreamSource file) {
        LedgerSpec.Ledger ledger = spec.ledger(type).orElseThrow();
        Rows rows = new Rows(ledger, unitId);
        LedgerFile.read(file, limits.forTemplate(1 + ledger.columns().size()), rows);
        if (rows.headerWrong) {
            return new Plan(List.of(), 0, 0, 0, rows.errors, Set.of());
        }
        return compare(rows.valid, rows.errors);
    }

    /**
     * Each row of a file becomes its event (or its errors) as it is read, so that the file's rows are never all in
     * memory: the valid events, and the errors of the header or the rows.
     */
    private final class Rows implements LedgerFile.Sink {
        private final LedgerSpec.Ledger ledger;
        private final String unitId;
        private final List<RowError> errors = new ArrayList<>();
        private final List<EventEnvelope> valid = new ArrayList<>();
        private final Map<String, Integer> firstRowOf = new HashMap<>();
        private Map<String, Integer> at;
        private boolean headerWrong;

        Rows(LedgerSpec.Ledger ledger, String unitId) {
            this.ledger = ledger;
            this.unitId = unitId;
        }

        @Override
        public void header(List<String> headers) {
            at = positions(ledger, headers);
            for (LedgerSpec.Column column : ledger.columns()) {
                if (column.required() && !at.containsKey(column.field())) {
                    errors.add(new RowError(1, column.header(), "缺少必填列“" + column.header() + "”"));
                }
            }
            if (!at.containsKey(LedgerSpec.DATE)) {
                errors.add(new RowError(1, ledger.date(), "缺少日期列“" + ledger.date() + "”"));
            }
            headerWrong = !errors.isEmpty();
        }

        @Override
        public void line(LedgerFile.Line line) {
            if (headerWrong) {
                return; // no row is read under a header that lacks a column
            }
            Map<String, String> cells = new HashMap<>();
            at.forEach((field, index) -> cells.put(field, cell(line, index)));
            Row row = row(ledger, unitId, line.number(), cells.getOrDefault(LedgerSpec.DATE, ""), cells);
            if (!row.errors().isEmpty()) {
                errors.addAll(row.errors());
                return;
            }
            Integer first = firstRowOf.putIfAbsent(row.event().eventId(), line.number());
            if (first != null) {
                errors.add(new RowError(
                        line.number(),
                        ledger.header(ledger.identity().get(0)),
                        "与第" + first + "行的" + keyNames(ledger) + "重复：同一事项只能占一行"));
                return;
            }
            valid.add(row.event());
        }
    }

    /** One row as an event (revision 1, its id from its key columns), or what is wrong with it. */
    public record Row(EventEnvelope event, List<RowError> errors) {}

    /**
     * One row, or one entry of the form: the date's text and each field's text (by wire name; absent or empty: not
     * filled) checked as the ledger's columns say, then by the contract's own validation. Row errors carry
     * {@code number} and the columns' headers.
     */
    public Row row(LedgerSpec.Ledger ledger, String unitId, int number, String dateText, Map<String, String> cells) {
        ZoneId zone = registry.zone();
        List<RowError> rowErrors = new ArrayList<>();
        ObjectNode payload = codec.mapper().createObjectNode();
        Map<String, String> identity = new HashMap<>();
        OffsetDateTime occurredAt = null;
        String date = dateText == null ? "" : dateText.strip();
        if (date.isEmpty()) {
            rowErrors.add(new RowError(number, ledger.date(), "必填，不能为空"));
        } else {
            occurredAt = LedgerCells.dateTime(date, zone);
            if (occurredAt == null) {
                rowErrors.add(
                        new RowError(number, ledger.date(), "“" + LedgerCells.shown(date) + "”不是有效的日期，应如 2024-03-05"));
            } else {
                identity.put(LedgerSpec.DATE, occurredAt.toLocalDate().toString());
            }
        }
        for (LedgerSpec.Column column : ledger.columns()) {
            String text = cells.getOrDefault(column.field(), "");
            text = text == null ? "" : text.strip();
            if (text.isEmpty()) {
                if (column.required()) {
                    rowErrors.add(new RowError(number, column.header(), "必填，不能为空"));
                }
                continue;
            }
            String error = LedgerCells.put(payload, column, text, zone, spec);
            if (error != null) {
                rowErrors.add(new RowError(number, column.header(), error));
            } else {
                identity.put(column.field(), payload.get(column.field()).asString());
            }
        }
        if (!rowErrors.isEmpty()) {
            return new Row(null, rowErrors);
        }
        List<String> key = new ArrayList<>();
        ledger.identity().forEach(field -> key.add(field + "=" + identity.getOrDefault(field, "")));
        String eventId;
        try {
            eventId = eventId(unitId, ledger.type(), key);
        } catch (IllegalArgumentException e) {
            return new Row(null, List.of(new RowError(number, ledger.date(), "单位编号过长，无法生成记录编号，请联系管理员")));
        }
        ObjectNode event = codec.mapper().createObjectNode();
        event.put("eventId", eventId);
        event.put("type", ledger.type().wireName());
        event.put("unitId", unitId);
        event.put("occurredAt", occurredAt.toString());
        event.set("payload", payload);
        return switch (codec.decode(event)) {
            case EventCodec.Decoded.Valid ok -> new Row(ok.event(), List.of());
            case EventCodec.Decoded.Invalid invalid -> {
                List<RowError> wrong = new ArrayList<>();
                for (Violation v : invalid.rejection().violations()) {
                    String field = v.field().startsWith("payload.") ? v.field().substring(8) : v.field();
                    wrong.add(new RowError(
                            number,
                            field.equals("occurredAt") ? ledger.date() : ledger.header(field),
                            "不符合要求（" + v.message() + "）"));
                }
                yield new Row(null, wrong);
            }
        };
    }

    /**
     * Each valid row against what is stored: new, the same, or the next revision of a changed one. A row stored before
     * events.md 1.2 under its former id is compared with that event and revised under that id.
     */
    private Plan compare(List<EventEnvelope> rows, List<RowError> errors) {
        Map<String, EventEnvelope> stored = storedOfRows(rows);
        List<EventEnvelope> events = new ArrayList<>();
        Set<String> legacyIds = new HashSet<>();
        int imported = 0;
        int unchanged = 0;
        int revised = 0;
        for (EventEnvelope row : rows) {
            EventEnvelope before = stored.get(row.eventId());
            if (before == null) {
                events.add(row);
                imported++;
                continue;
            }
            boolean same = !before.retracted()
                    && before.occurredAt().toInstant().equals(row.occurredAt().toInstant())
                    && codec.toTree(before)
                            .path("payload")
                            .equals(codec.toTree(row).path("payload"));
            if (same) {
                unchanged++;
            } else {
                events.add(Revisions.corrected(before, row.occurredAt(), row.payload()));
                if (!before.eventId().equals(row.eventId())) {
                    legacyIds.add(before.eventId());
                }
                revised++;
            }
        }
        errors.sort(Comparator.comparingInt(RowError::row));
        return new Plan(events, imported, unchanged, revised, errors, legacyIds);
    }

    /**
     * The stored event of each row's key, by the row's eventId: under that id, or else under the id the row had before
     * events.md 1.2 ({@link #legacyEventId}) when the event stored there is of the row's unit and type (an event of
     * another unit planted under it is not this row's).
     */
    private Map<String, EventEnvelope> storedOfRows(List<EventEnvelope> rows) {
        Map<String, EventEnvelope> found = new HashMap<>();
        stored(rows.stream().map(EventEnvelope::eventId).toList())
                .forEach((id, document) -> EventDocument.event(document).ifPresent(event -> found.put(id, event)));
        Map<String, EventEnvelope> byLegacyId = new HashMap<>();
        for (EventEnvelope row : rows) {
            if (!found.containsKey(row.eventId())) {
                legacyEventId(row).ifPresent(legacy -> byLegacyId.put(legacy, row));
            }
        }
        stored(List.copyOf(byLegacyId.keySet())).forEach((legacy, document) -> {
            EventEnvelope row = byLegacyId.get(legacy);
            EventDocument.event(document)
                    .filter(event -> event.unitId().equals(row.unitId()) && event.type() == row.type())
                    .ifPresent(event -> found.put(row.eventId(), event));
        });
        return found;
    }

    /**
     * The stored event of this row's key (an entry or a ledger row with the same key columns), under its own id or the
     * one it had before events.md 1.2: what a new entry with that key revises.
     */
    public Optional<EventEnvelope> storedOfRow(EventEnvelope row) {
        return Optional.ofNullable(storedOfRows(List.of(row)).get(row.eventId()));
    }

    /** The stored event of this id as the contract has it (latest revision, withdrawn or not), if there is one. */
    public Optional<EventEnvelope> storedEvent(String eventId) {
        JsonNode stored = stored(List.of(eventId)).get(eventId);
        return stored == null ? Optional.empty() : EventDocument.event(stored);
    }

    /** The stored documents of these events (a realtime get: no refresh needed), by eventId. */
    public Map<String, JsonNode> stored(List<String> eventIds) {
        Map<String, JsonNode> stored = new HashMap<>();
        for (int from = 0; from < eventIds.size(); from += LOOKUP) {
            List<String> ids = eventIds.subList(from, Math.min(eventIds.size(), from + LOOKUP));
            MgetResponse<JsonData> response;
            try {
                response = client.mget(m -> m.index(alias).ids(ids), JsonData.class);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            for (MultiGetResponseItem<JsonData> item : response.docs()) {
                if (item.isResult() && item.result().found() && item.result().source() != null) {
                    stored.put(
                            item.result().id(),
                            codec.mapper()
                                    .readTree(item.result().source().toJson().toString()));
                }
            }
        }
        return stored;
    }

    /** The column of each field (and of the date) by its header or its wire name. */
    private static Map<String, Integer> positions(LedgerSpec.Ledger ledger, List<String> headers) {
        Map<String, Integer> at = new HashMap<>();
        for (int i = 0; i < headers.size(); i++) {
            String header = headers.get(i).replace("*", "").strip();
            if (header.equals(ledger.date()) || header.equals("occurredAt") || header.equals("日期")) {
                at.putIfAbsent(LedgerSpec.DATE, i);
            }
            for (LedgerSpec.Column column : ledger.columns()) {
                if (header.equals(column.header()) || header.equals(column.field())) {
                    at.putIfAbsent(column.field(), i);
                }
            }
        }
        return at;
    }

    private static String cell(LedgerFile.Line line, int index) {
        return index < line.cells().size() ? line.cells().get(index) : "";
    }

    private static String keyNames(LedgerSpec.Ledger ledger) {
        return "“"
                + String.join(
                        "、", ledger.identity().stream().map(ledger::header).toList()) + "”";
    }

    private static final String LEDGER = "ledger";

    /**
     * Stable: the same unit, type and key columns give the same id, in the contract's id alphabet. It begins with the
     * unit's id (events.md 1.2: no other unit may write it) and holds a hash of the unit, the type and the key columns:
     * {@code <unitId>:ledger:<type>:<40 hex digits>}, or {@code <unitId>:ledger:<40 hex digits>} when that would be
     * longer than the contract's 128 characters.
     *
     * @throws IllegalArgumentException when even the shorter form is too long (a unit id longer than 80 characters)
     */
    public static String eventId(String unitId, EventType type, List<String> key) {
        String hash = hash(unitId, type, key);
        String full = unitId + ":" + LEDGER + ":" + type.wireName() + ":" + hash;
        return full.length() <= 128 ? full : EventIds.of(unitId, LEDGER + ":" + hash);
    }

    /**
     * The id a row of this event's key had before events.md 1.2, {@code ledger:<type>:<40 hex digits>} (the same hash),
     * under which a row imported or entered then is still stored; empty for an id this class did not make.
     */
    static Optional<String> legacyEventId(EventEnvelope row) {
        String prefix = row.unitId() + ":" + LEDGER + ":";
        if (!row.eventId().startsWith(prefix)) {
            return Optional.empty();
        }
        String hash = row.eventId().substring(row.eventId().lastIndexOf(':') + 1);
        return Optional.of(LEDGER + ":" + row.type().wireName() + ":" + hash);
    }

    private static String hash(String unitId, EventType type, List<String> key) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(unitId.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(type.wireName().getBytes(StandardCharsets.UTF_8));
            for (String part : key) {
                sha.update((byte) 0);
                sha.update(part.getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(sha.digest(), 0, 20);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
