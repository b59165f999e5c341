package org.lawstats.aggregator;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a configuration file lives: {@code classpath:config/units.yml} for what ships in the jar, anything else
 * a file path. Plain paths are files on purpose: an operator's {@code LAWSTATS_UNITS_FILE=/etc/units.yml} must never
 * be looked up on the classpath.
 */
public record ConfigLocation(String location) {
    private static final String CLASSPATH = "classpath:";

    public InputStream open() throws IOException {
        if (location.startsWith(CLASSPATH)) {
            String resource = location.substring(CLASSPATH.length()).replaceFirst("^/", "");
            InputStream in = ConfigLocation.class.getClassLoader().getResourceAsStream(resource);
            if (in == null) {
                throw new IOException("no resource " + resource + " on the classpath");
            }
            return in;
        }
        return Files.newInputStream(Path.of(location));
    }

    @Override
    public String toString() {
        return location;
    }
}
