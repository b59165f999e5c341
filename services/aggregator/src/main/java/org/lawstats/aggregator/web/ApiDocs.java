package org.lawstats.aggregator.web;

/** What the OpenAPI description says of the parameters and errors several operations share, written once. */
public final class ApiDocs {
    public static final String ERROR = "Error";
    public static final String PERIOD = "YYYY, YYYY-Qn or YYYY-MM, in the registry's zone; default: the current year";
    public static final String PERIOD_PATTERN = "^[0-9]{4}(-Q[1-4]|-(0[1-9]|1[0-2]))?$";
    public static final String UNIT =
            "a unit id of the registry; default: the caller's own unit or the registry's root";
    public static final String UNIT_PATTERN = "^[A-Za-z0-9._:-]{1,128}$";
    public static final String TODATE =
            "cut the period at today's month and day (year to date, comparable with last year)";
    public static final String DAY_OR_INSTANT =
            "a date YYYY-MM-DD (the whole day in the registry's zone) or an ISO-8601 instant with offset";
    public static final String ERROR_REF = "#/components/schemas/" + ERROR;

    private ApiDocs() {}
}
