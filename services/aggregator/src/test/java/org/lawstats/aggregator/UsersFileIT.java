package org.lawstats.aggregator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * The built jar holds no users (the demo users' passwords are public), and the application refuses to start
 * without a users file, or with a weak one, saying why.
 */
class UsersFileIT {
    private static final Path JAR = Path.of("target/lawstats-aggregator.jar").toAbsolutePath();

    @Test
    void theJarHoldsNoUsers() throws Exception {
        try (ZipFile jar = new ZipFile(JAR.toFile())) {
            assertThat(jar.stream().map(entry -> entry.getName()).filter(name -> name.contains("users")))
                    .as("no users file in the jar")
                    .isEmpty();
        }
    }

    @Test
    void withoutAUsersFileTheApplicationRefusesToStartAndSaysHow() throws Exception {
        String output = start(null);

        assertThat(output).contains("LAWSTATS_USERS_FILE");
    }

    @Test
    void aUsersFileWithAWeakPasswordStopsTheStart() throws Exception {
        Path weak = Files.createTempFile("users", ".yml");
        Files.writeString(weak, "users: [{username: boss, password: '{noop}secret', roles: [ADMIN]}]\n");

        String output = start(weak);

        assertThat(output).contains("must be a bcrypt hash");
    }

    /** Starts the jar (no broker or store needed: it stops before it would use them) and returns what it said. */
    private static String start(Path usersFile) throws Exception {
        Path log = Files.createTempFile("aggregator", ".log");
        ProcessBuilder builder = new ProcessBuilder(List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx256m",
                        "-jar",
                        JAR.toString(),
                        "--server.port=0",
                        "--lawstats.units-file="
                                + Path.of("target/test-classes/test-units.yml").toAbsolutePath()))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().remove("LAWSTATS_USERS_FILE");
        if (usersFile != null) {
            builder.environment().put("LAWSTATS_USERS_FILE", usersFile.toString());
        }
        Process process = builder.start();
        try {
            assertThat(process.waitFor(120, TimeUnit.SECONDS))
                    .as("it stops by itself")
                    .isTrue();
            assertThat(process.exitValue()).as("and fails").isNotZero();
            return Files.readString(log, StandardCharsets.UTF_8);
        } finally {
            process.destroyForcibly();
        }
    }
}
