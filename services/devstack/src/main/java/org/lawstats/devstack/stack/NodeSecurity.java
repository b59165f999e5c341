package org.lawstats.devstack.stack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * What a node with security on is made of, prepared in its directory before it starts: a CA of its own and a
 * certificate for 127.0.0.1 and localhost (both made by the distribution's {@code elasticsearch-certutil}), the roles
 * file, and the users of its file realm ({@code elasticsearch-users}), among them an administrator of its own.
 *
 * <p>The CA's private key stays outside the node's config directory ({@code <dataDir>/ca}), as in production; the
 * node reads its certificate, key and the CA's certificate from {@code config/certs}. Only the file realm is on: the
 * integ-test zip lacks the analysis module the native realm's {@code .security} index needs.
 */
final class NodeSecurity {
    private static final String ADMIN = "lawstats-admin";
    private static final Duration TOOL_TIMEOUT = Duration.ofMinutes(3);

    private final Path caCertificate;
    private final Path certificate;
    private final Path privateKey;
    private final String adminAuthorization;
    private final SSLContext sslContext;

    private NodeSecurity(Path caCertificate, Path certificate, Path privateKey, String adminPassword) {
        this.caCertificate = caCertificate;
        this.certificate = certificate;
        this.privateKey = privateKey;
        this.adminAuthorization = "Basic "
                + Base64.getEncoder().encodeToString((ADMIN + ":" + adminPassword).getBytes(StandardCharsets.UTF_8));
        this.sslContext = trusting(caCertificate);
    }

    /**
     * Makes the certificates (unless the directory has them from an earlier run), installs the roles file and
     * writes the file realm's users anew, with a fresh administrator password.
     */
    static NodeSecurity prepare(Path home, Path javaHome, Path root, Path conf, ElasticsearchNode.Security security) {
        Path ca = root.resolve("ca");
        Path certs = conf.resolve("certs");
        Path log = root.resolve("security-tools.log");
        String adminPassword = randomPassword();
        Tools tools = new Tools(home, javaHome, conf, log);
        try {
            Files.createDirectories(certs);
            Files.copy(security.rolesFile(), conf.resolve("roles.yml"), StandardCopyOption.REPLACE_EXISTING);
            // elasticsearch-users adds to these files, which must exist
            Files.writeString(conf.resolve("users"), "");
            Files.writeString(conf.resolve("users_roles"), "");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the security files of " + conf, e);
        }
        // Each tool is a JVM of its own (seconds each): the certificates and the users are made side by side.
        CompletableFuture<Void> certificates =
                CompletableFuture.runAsync(() -> makeCertificates(tools, root, ca, certs));
        CompletableFuture<Void> users = CompletableFuture.runAsync(() -> {
            tools.run("elasticsearch-users", "useradd", ADMIN, "-p", adminPassword, "-r", "superuser");
            for (ElasticsearchNode.Security.User user : security.users()) {
                tools.run(
                        "elasticsearch-users",
                        "useradd",
                        user.name(),
                        "-p",
                        user.password(),
                        "-r",
                        String.join(",", user.roles()));
            }
        });
        try {
            CompletableFuture.allOf(certificates, users).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
        return new NodeSecurity(
                certs.resolve("ca.crt"), certs.resolve("node.crt"), certs.resolve("node.key"), adminPassword);
    }

    private static void makeCertificates(Tools tools, Path root, Path ca, Path certs) {
        if (Files.isRegularFile(certs.resolve("node.crt")) && Files.isRegularFile(ca.resolve("ca.crt"))) {
            return;
        }
        Path made = root.resolve("tls");
        try {
            Files.createDirectories(made);
            Files.createDirectories(ca);
            Files.deleteIfExists(made.resolve("ca.zip"));
            Files.deleteIfExists(made.resolve("node.zip"));
            tools.run(
                    "elasticsearch-certutil",
                    "ca",
                    "--pem",
                    "--silent",
                    "--out",
                    made.resolve("ca.zip").toString());
            unzip(made.resolve("ca.zip"), ca);
            tools.run(
                    "elasticsearch-certutil",
                    "cert",
                    "--pem",
                    "--silent",
                    "--ca-cert",
                    ca.resolve("ca.crt").toString(),
                    "--ca-key",
                    ca.resolve("ca.key").toString(),
                    "--name",
                    "node",
                    "--ip",
                    "127.0.0.1",
                    "--dns",
                    "localhost",
                    "--out",
                    made.resolve("node.zip").toString());
            unzip(made.resolve("node.zip"), certs);
            Files.copy(ca.resolve("ca.crt"), certs.resolve("ca.crt"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make the certificates of the node in " + root, e);
        }
    }

    /** Extracts the files of a certutil zip ({@code <name>/<name>.crt}, {@code .key}) flat into {@code into}. */
    private static void unzip(Path zip, Path into) throws IOException {
        try (ZipFile file = new ZipFile(zip.toFile())) {
            for (ZipEntry entry : Collections.list(file.entries())) {
                if (entry.isDirectory()) {
                    continue;
                }
                try (InputStream in = file.getInputStream(entry)) {
                    Path target =
                            into.resolve(Path.of(entry.getName()).getFileName().toString());
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    /** The node's settings for security on, paths relative to its config directory. */
    Map<String, String> settings() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("xpack.security.enabled", "true");
        settings.put("xpack.security.authc.realms.file.file1.order", "0");
        settings.put("xpack.security.http.ssl.enabled", "true");
        settings.put("xpack.security.http.ssl.certificate", "certs/node.crt");
        settings.put("xpack.security.http.ssl.key", "certs/node.key");
        settings.put("xpack.security.transport.ssl.enabled", "true");
        settings.put("xpack.security.transport.ssl.verification_mode", "full");
        settings.put("xpack.security.transport.ssl.certificate", "certs/node.crt");
        settings.put("xpack.security.transport.ssl.key", "certs/node.key");
        settings.put("xpack.security.transport.ssl.certificate_authorities", "certs/ca.crt");
        return settings;
    }

    Path caCertificate() {
        return caCertificate;
    }

    Path certificate() {
        return certificate;
    }

    Path privateKey() {
        return privateKey;
    }

    /** The Authorization header of the node's administrator, a superuser of its file realm. */
    String adminAuthorization() {
        return adminAuthorization;
    }

    SSLContext sslContext() {
        return sslContext;
    }

    HttpClient httpClient() {
        return HttpClient.newBuilder()
                .sslContext(sslContext)
                .connectTimeout(Duration.ofSeconds(2))
                .build();
    }

    private static SSLContext trusting(Path caCertificate) {
        try (InputStream in = Files.newInputStream(caCertificate)) {
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            trust.setCertificateEntry(
                    "ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
            TrustManagerFactory trustManagers =
                    TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trustManagers.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trustManagers.getTrustManagers(), null);
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + caCertificate, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot trust " + caCertificate, e);
        }
    }

    private static String randomPassword() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The distribution's command line tools, run before the node starts, against its config directory. */
    private record Tools(Path home, Path javaHome, Path conf, Path log) {
        void run(String tool, String... arguments) {
            List<String> command = new ArrayList<>();
            command.add(home.resolve("bin").resolve(tool).toString());
            command.addAll(List.of(arguments));
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(home.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().put("ES_JAVA_HOME", javaHome.toString());
            builder.environment().put("ES_PATH_CONF", conf.toString());
            try {
                Process process = builder.start();
                if (!process.waitFor(TOOL_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new IllegalStateException(tool + " did not finish within " + TOOL_TIMEOUT.toSeconds()
                            + " s; its output is in " + log);
                }
                if (process.exitValue() != 0) {
                    throw new IllegalStateException(
                            tool + " " + arguments[0] + " failed (exit " + process.exitValue() + "); see " + log);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot run " + tool, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while running " + tool, e);
            }
        }
    }
}
