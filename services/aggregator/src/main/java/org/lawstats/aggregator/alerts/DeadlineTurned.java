package org.lawstats.aggregator.alerts;

import org.lawstats.aggregator.deadlines.Deadline;

/**
 * A matter's time limit turned DUE_SOON or OVERDUE, as an instance's watch saw it (a day passed, or its events
 * changed): what the live stream tells those who may read its unit.
 *
 * @param workingDaysLeft on the day it turned; negative once past due, null where the calendar cannot say
 * @param provisional its due date or the days left were counted over a year without its holiday notice
 */
public record DeadlineTurned(Deadline deadline, Deadline.Status status, Integer workingDaysLeft, boolean provisional) {}
