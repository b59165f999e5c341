package org.lawstats.aggregator.imports;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.lawstats.aggregator.access.LawstatsUser;
import org.lawstats.aggregator.access.UnitAccess;
import org.lawstats.aggregator.gateway.EventWriter;
import org.lawstats.aggregator.registry.UnitRegistry;
import org.lawstats.aggregator.web.ApiDocs;
import org.lawstats.aggregator.web.ApiError;
import org.lawstats.aggregator.web.BadRequestException;
import org.lawstats.aggregator.web.Download;
import org.lawstats.aggregator.web.LimitExceededException;
import org.lawstats.aggregator.web.NotFoundException;
import org.lawstats.aggregator.web.UnitParameter;
import org.lawstats.contract.EventType;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/**
 * Ledger imports (api.md): the Excel template of each event type, and the import of a unit's ledger as events,
 * with the gateway's rights (an emitter for its own subtree) and the contract's validation.
 */
@RestController
@Tag(name = "imports", description = "units without IT import their ledgers (台账) from Excel or CSV")
class ImportController {

    private final LedgerImport imports;
    private final EventWriter writer;
    private final UnitRegistry registry;
    private final UnitAccess access;

    ImportController(LedgerImport imports, EventWriter writer, UnitRegistry registry, UnitAccess access) {
        this.imports = imports;
        this.writer = writer;
        this.registry = registry;
        this.access = access;
    }

    record Imported(
            @Schema(description = "rows that became new events")
            int imported,

            @Schema(description = "rows equal to what is stored: nothing written")
            int unchanged,

            @Schema(description = "rows changed since: each written as its event's next revision")
            int revised,

            List<LedgerImport.RowError> errors) {}

    @Operation(summary = "The Excel template of one event type: Chinese headers, drop-downs, an explanation sheet")
    @ApiResponse(responseCode = "200", description = "the .xlsx template")
    @ApiResponse(
            responseCode = "404",
            description = "not an event type",
            content = @Content(schema = @Schema(ref = ApiDocs.ERROR_REF)))
    @GetMapping("/api/v1/imports/templates/{type}")
    ResponseEntity<byte[]> template(@PathVariable("type") String type) {
        LedgerSpec.Ledger ledger = EventType.fromWireName(type)
                .flatMap(t -> imports.spec().ledger(t))
                .orElseThrow(() -> new NotFoundException(
                        "no template: '" + BadRequestException.quoted(type) + "' is not an event type"));
        return Download.file(LedgerTemplate.write(imports.spec(), ledger), Download.XLSX, ledger.name() + "台账模板.xlsx");
    }

    @Operation(
            summary = "Imports a unit's ledger: every valid row becomes an event of the unit",
            description = "file: .xlsx, or .csv in UTF-8 (with or without BOM) or GB18030. Invalid rows are reported"
                    + " by row and column, in Chinese, and write nothing; the valid rows are imported. The same file"
                    + " again changes nothing; a changed row becomes its event's next revision. dryRun=true answers"
                    + " the same without writing (a preview). An import that writes is recorded in the audit trail.")
    @ApiResponse(
            responseCode = "200",
            description = "what was imported, and the rows at fault",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = Imported.class)))
    @ApiResponse(
            responseCode = "400",
            description = "no file, an unknown type or unit, a file that is not a ledger",
            content = @Content(schema = @Schema(ref = ApiDocs.ERROR_REF)))
    @ApiResponse(
            responseCode = "403",
            description = "the unit is outside the caller's right to emit",
            content = @Content(schema = @Schema(ref = ApiDocs.ERROR_REF)))
    @ApiResponse(
            responseCode = "413",
            description = "the file is past a limit of what a ledger may hold (its size, rows, columns, characters in a"
                    + " cell or in all, its unpacked size): the message names it, in Chinese",
            content = @Content(schema = @Schema(ref = ApiDocs.ERROR_REF)))
    @ApiResponse(
            responseCode = "429",
            description = "too many imports by this user (Retry-After), or too many failed logins",
            headers = @Header(name = "Retry-After", schema = @Schema(type = "integer")),
            content = @Content(schema = @Schema(ref = ApiDocs.ERROR_REF)))
    @ApiResponse(
            responseCode = "503",
            description = "as many imports as the server reads at once are being read (Retry-After), or the store or"
                    + " the broker is unavailable",
            content = @Content(schema = @Schema(ref = ApiDocs.ERROR_REF)))
    @PostMapping(path = "/api/v1/imports", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<?> importLedger(
            @RequestParam(name = "file", required = false) MultipartFile file,
            @RequestParam(name = "type", required = false) String type,
            @RequestParam(name = "unit", required = false) String unit,
            @Parameter(description = "true: check and compare only, write nothing")
                    @RequestParam(name = "dryRun", defaultValue = "false")
                    boolean dryRun,
            @AuthenticationPrincipal LawstatsUser user,
            HttpServletRequest request)
            throws IOException {
        if (file == null || file.isEmpty()) {
            throw new BadRequestException("file is required: the ledger as .xlsx or .csv");
        }
        EventType eventType =
                type == null ? null : EventType.fromWireName(type.strip()).orElse(null);
        if (eventType == null) {
            throw new BadRequestException("type must be an event type of events.md, e.g. training.completed");
        }
        String unitId = UnitParameter.emitting(unit, user, registry, access);
        LedgerImport.Plan plan;
        try {
            // read from the upload Tomcat put on disk, as a stream: never the whole file in memory
            plan = imports.plan(eventType, unitId, file);
        } catch (LedgerImport.LedgerTooLargeException e) {
            throw LimitExceededException.tooLarge(e.getMessage());
        } catch (LedgerImport.UnreadableLedgerException e) {
            throw new BadRequestException(e.getMessage());
        }
        if (!dryRun && !plan.events().isEmpty()) {
            try {
                writer.write(
                        new EventWriter.Batch(
                                "import.write",
                                plan.events(),
                                null,
                                Map.of(
                                        "type", eventType.wireName(),
                                        "file", String.valueOf(file.getOriginalFilename()),
                                        "imported", Integer.toString(plan.imported()),
                                        "revised", Integer.toString(plan.revised())),
                                plan.legacyIds()),
                        user,
                        request.getRemoteAddr());
            } catch (EventWriter.NotWrittenException e) {
                return ApiError.of(
                        HttpStatus.SERVICE_UNAVAILABLE,
                        "the rows could not be written now; import the"
                                + " file again (rows already written are not counted twice)");
            }
        }
        return ResponseEntity.ok(new Imported(plan.imported(), plan.unchanged(), plan.revised(), plan.errors()));
    }
}
