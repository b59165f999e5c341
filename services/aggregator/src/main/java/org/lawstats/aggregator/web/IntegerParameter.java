package org.lawstats.aggregator.web;

/** An integer request parameter within bounds, or a 400 that says which bounds. */
public final class IntegerParameter {
    private IntegerParameter() {}

    public static int parse(String name, String value, int min, int max) {
        try {
            int parsed = Integer.parseInt(value.strip());
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // the message below
        }
        throw new BadRequestException(name + " must be an integer from " + min + " to " + max);
    }
}
