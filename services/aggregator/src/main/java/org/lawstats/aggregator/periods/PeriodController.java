package org.lawstats.aggregator.periods;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.lawstats.aggregator.access.LawstatsUser;
import org.lawstats.aggregator.access.Role;
import org.lawstats.aggregator.access.UnitAccess;
import org.lawstats.aggregator.audit.AuditTrail;
import org.lawstats.aggregator.indicators.Indicator;
import org.lawstats.aggregator.indicators.Period;
import org.lawstats.aggregator.indicators.StatsService;
import org.lawstats.aggregator.registry.UnitRegistry;
import org.lawstats.aggregator.web.UnitParameter;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The reporting periods of api.md: submissions, returns, locks, and the changes since a lock. */
@RestController
@RequestMapping("/api/v1/periods/{period}")
@Tag(name = "reporting periods", description = "submissions, returns and locks; the figures as reported")
class PeriodController {
    private final Periods periods;
    private final SinceLock since;
    private final StatsService stats;
    private final UnitRegistry registry;
    private final UnitAccess access;
    private final AuditTrail audit;

    PeriodController(
            Periods periods,
            SinceLock since,
            StatsService stats,
            UnitRegistry registry,
            UnitAccess access,
            AuditTrail audit) {
        this.periods = periods;
        this.since = since;
        this.stats = stats;
        this.registry = registry;
        this.access = access;
        this.audit = audit;
    }

    record UnitRequest(String unit) {}

    record ReturnRequest(String unit, String reason) {}

    record LockRequest(String unit, Boolean force, String reason) {}

    record RowView(
            String unitId,
            String unitName,
            String state,
            String submittedAt,
            String submittedBy,
            String returnedAt,
            String returnedBy,
            String returnReason) {

        static RowView of(String unitName, PeriodStore.Submission s, String unitId) {
            return s == null
                    ? new RowView(unitId, unitName, "NOT_SUBMITTED", null, null, null, null, null)
                    : new RowView(
                            unitId,
                            unitName,
                            s.state(),
                            s.submittedAt(),
                            s.submittedBy(),
                            s.returnedAt(),
                            s.returnedBy(),
                            s.returnReason());
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record LockView(
            String unit,
            int version,
            String lockedAt,
            String lockedBy,
            boolean forced,
            String reason,
            String unlockedAt,
            String unlockedBy,
            String unlockReason) {

        static LockView of(PeriodStore.Lock lock) {
            return new LockView(
                    lock.unitId(),
                    lock.version(),
                    lock.lockedAt(),
                    lock.lockedBy(),
                    lock.forced(),
                    lock.reason(),
                    lock.unlock() == null ? null : lock.unlock().at(),
                    lock.unlock() == null ? null : lock.unlock().by(),
                    lock.unlock() == null ? null : lock.unlock().reason());
        }
    }

    /** What the caller may do here (an extension of api.md): the page shows the actions it may take, and no others. */
    record May(boolean submit, boolean review, boolean unlock) {}

    record PeriodView(String period, String unit, LockView lock, List<LockView> history, List<RowView> rows, May may) {}

    record LockMade(
            String period,
            String unit,
            int version,
            String lockedAt,
            String lockedBy,
            boolean forced,
            Map<String, Number> values) {}

    record Change(String indicator, String unitId, Number reported, Number current, List<SinceLock.Written> events) {}

    record ChangesView(String period, String unit, int lockVersion, String lockedAt, List<Change> changes) {}

    @Operation(summary = "Each unit's state for the period, the lock in force over the unit and the earlier ones")
    @GetMapping
    PeriodView state(
            @PathVariable("period") String period,
            @RequestParam(name = "unit", required = false) String unit,
            @AuthenticationPrincipal LawstatsUser user) {
        Period p = periods.period(period);
        String unitId = UnitParameter.resolve(unit, user, registry, access);
        Periods.State state = periods.state(p, unitId);
        return new PeriodView(
                state.period(),
                state.unit(),
                state.lock() == null ? null : LockView.of(state.lock()),
                state.history().stream().map(LockView::of).toList(),
                state.rows().stream()
                        .map(row -> RowView.of(row.unitName(), row.submission(), row.unitId()))
                        .toList(),
                new May(
                        access.may(user, Role.Right.SUBMIT, unitId),
                        access.may(user, Role.Right.REVIEW, unitId),
                        access.may(user, Role.Right.UNLOCK, unitId)));
    }

    @Operation(summary = "Submits a unit's reports for the period (报送)")
    @PostMapping("/submissions")
    RowView submit(
            @PathVariable("period") String period,
            @RequestBody UnitRequest body,
            @AuthenticationPrincipal LawstatsUser user,
            HttpServletRequest request) {
        Period p = periods.period(period);
        String unitId =
                UnitParameter.required(body == null ? null : body.unit(), user, registry, access, Role.Right.SUBMIT);
        PeriodStore.Submission submission = periods.submit(p, unitId, user);
        audit.record(
                user,
                request.getRemoteAddr(),
                "period.submit",
                unitId,
                List.of(p.label()),
                Map.of("period", p.label()));
        return RowView.of(registry.find(unitId).orElseThrow().name(), submission, unitId);
    }

    @Operation(summary = "Returns a unit's submission with a reason (退回)")
    @PostMapping("/returns")
    RowView giveBack(
            @PathVariable("period") String period,
            @RequestBody ReturnRequest body,
            @AuthenticationPrincipal LawstatsUser user,
            HttpServletRequest request) {
        Period p = periods.period(period);
        String unitId =
                UnitParameter.required(body == null ? null : body.unit(), user, registry, access, Role.Right.REVIEW);
        PeriodStore.Submission returned = periods.giveBack(p, unitId, body.reason(), user);
        audit.record(
                user,
                request.getRemoteAddr(),
                "period.return",
                unitId,
                List.of(p.label()),
                Map.of("period", p.label(), "reason", returned.returnReason()));
        return RowView.of(registry.find(unitId).orElseThrow().name(), returned, unitId);
    }

    @Operation(summary = "Locks a unit's subtree for the period (锁定): its figures and records as they stand")
    @PostMapping("/locks")
    ResponseEntity<LockMade> lock(
            @PathVariable("period") String period,
            @RequestBody LockRequest body,
            @AuthenticationPrincipal LawstatsUser user,
            HttpServletRequest request) {
        Period p = periods.period(period);
        String unitId =
                UnitParameter.required(body == null ? null : body.unit(), user, registry, access, Role.Right.REVIEW);
        boolean force = Boolean.TRUE.equals(body.force());
        PeriodStore.Lock lock = periods.lock(p, unitId, force, body.reason(), user);
        audit.record(
                user,
                request.getRemoteAddr(),
                "period.lock",
                unitId,
                List.of(p.label() + " v" + lock.version()),
                force
                        ? Map.of(
                                "period",
                                p.label(),
                                "version",
                                Integer.toString(lock.version()),
                                "forced",
                                "true",
                                "reason",
                                lock.reason())
                        : Map.of("period", p.label(), "version", Integer.toString(lock.version())));
        return ResponseEntity.status(HttpStatus.CREATED)
                .body(new LockMade(
                        p.label(),
                        unitId,
                        lock.version(),
                        lock.lockedAt(),
                        lock.lockedBy(),
                        lock.forced(),
                        lock.made().values()));
    }

    @Operation(summary = "Lifts the lock in force on a unit for the period, with a reason (admins)")
    @DeleteMapping("/locks/{unit}")
    ResponseEntity<Void> unlock(
            @PathVariable("period") String period,
            @PathVariable("unit") String unit,
            @RequestParam(name = "reason", required = false) String reason,
            @AuthenticationPrincipal LawstatsUser user,
            HttpServletRequest request) {
        Period p = periods.period(period);
        String unitId = UnitParameter.required(unit, user, registry, access, Role.Right.UNLOCK);
        PeriodStore.Lock unlocked = periods.unlock(p, unitId, reason, user);
        audit.record(
                user,
                request.getRemoteAddr(),
                "period.unlock",
                unitId,
                List.of(p.label() + " v" + unlocked.version()),
                Map.of(
                        "period",
                        p.label(),
                        "version",
                        Integer.toString(unlocked.version()),
                        "reason",
                        unlocked.unlock().reason()));
        return ResponseEntity.noContent().build();
    }

    @Operation(
            summary = "What changed since the lock",
            description = "For each unit of the locked subtree (its subtree's figures) and each indicator whose"
                    + " current value differs from the reported one, the event revisions written since the lock"
                    + " that touch it, with who wrote them.")
    @GetMapping("/changes")
    ChangesView changes(
            @PathVariable("period") String period,
            @RequestParam(name = "unit", required = false) String unit,
            @AuthenticationPrincipal LawstatsUser user) {
        Period p = periods.period(period);
        String unitId = UnitParameter.resolve(unit, user, registry, access);
        PeriodStore.Lock lock = periods.inForce(p, unitId);
        List<String> subtree = registry.subtree(unitId);
        SinceLock.Since written = since.since(lock, subtree);
        // Past the revisions read, any unit may have moved: all are compared (within the bound of the settings).
        Set<String> touched = new HashSet<>(written.complete() ? written.units() : subtree);
        touched.addAll(since.runningPastTheLock(lock, subtree.size()));
        List<Change> changes = new ArrayList<>();
        periods.differences(p, lock, unitId, touched)
                .forEach((each, changed) -> changed.forEach((id, difference) -> {
                    Indicator indicator = stats.catalogue().find(id).orElseThrow();
                    changes.add(new Change(
                            id,
                            each,
                            difference.reported(),
                            difference.current(),
                            since.touching(written, p, Set.copyOf(registry.subtree(each)), indicator)));
                }));
        return new ChangesView(p.label(), unitId, lock.version(), lock.lockedAt(), changes);
    }
}
