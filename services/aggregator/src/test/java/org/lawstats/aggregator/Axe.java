package org.lawstats.aggregator;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;

/**
 * axe-core (Deque's accessibility engine, the rules government sites are checked with against GB/T 37668) run in the
 * test browser. Its npm package is fetched once per build into target/ and checked against the registry's published
 * SHA-512 before use: a changed file is a failure, never a silent skip.
 */
final class Axe {
    static final String VERSION = "4.14.1";
    private static final String TARBALL = "https://registry.npmjs.org/axe-core/-/axe-core-" + VERSION + ".tgz";
    private static final String INTEGRITY =
            "sha512-FHfa+lmNjQZfJz1q8wKqIDwC6DExcHt/pkjNQb09a3NPjCKg2rhu5qb2S4r76ASyFNNtuFooJpZe37OgudVGtQ==";
    private static final Path SCRIPT = Path.of("target", "axe-core-" + VERSION, "axe.min.js");
    private static String source;

    private Axe() {}

    /** One violation: its rule, impact, help text and where. */
    record Violation(String rule, String impact, String help, List<String> targets) {
        @Override
        public String toString() {
            return impact + " " + rule + " (" + help + ") at " + targets;
        }
    }

    private static synchronized String source() throws Exception {
        if (source != null) {
            return source;
        }
        if (!Files.exists(SCRIPT)) {
            byte[] tarball = HttpClient.newBuilder()
                    .followRedirects(HttpClient.Redirect.NORMAL)
                    .build()
                    .send(HttpRequest.newBuilder(URI.create(TARBALL)).build(), HttpResponse.BodyHandlers.ofByteArray())
                    .body();
            String digest = "sha512-"
                    + Base64.getEncoder()
                            .encodeToString(MessageDigest.getInstance("SHA-512").digest(tarball));
            if (!digest.equals(INTEGRITY)) {
                throw new IllegalStateException("axe-core " + VERSION + " from " + TARBALL
                        + " does not match the registry's integrity " + INTEGRITY + " (got " + digest + ")");
            }
            Files.createDirectories(SCRIPT.getParent());
            try (TarArchiveInputStream tar =
                    new TarArchiveInputStream(new GzipCompressorInputStream(new ByteArrayInputStream(tarball)))) {
                for (TarArchiveEntry entry; (entry = tar.getNextEntry()) != null; ) {
                    if (entry.getName().equals("package/axe.min.js")) {
                        Path partial = Files.createTempFile(SCRIPT.getParent(), "axe", ".part");
                        Files.copy((InputStream) tar, partial, StandardCopyOption.REPLACE_EXISTING);
                        Files.move(partial, SCRIPT, StandardCopyOption.REPLACE_EXISTING);
                        break;
                    }
                }
            }
        }
        source = Files.readString(SCRIPT, StandardCharsets.UTF_8);
        return source;
    }

    /** The serious and critical violations of the page as it is now (WCAG 2.x A and AA rules). */
    @SuppressWarnings("unchecked")
    static List<Violation> seriousViolations(WebDriver driver) throws Exception {
        JavascriptExecutor js = (JavascriptExecutor) driver;
        if (!Boolean.TRUE.equals(js.executeScript("return typeof window.axe !== 'undefined'"))) {
            js.executeScript(source());
        }
        Object result = js.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + "axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a',"
                + " 'wcag21aa', 'best-practice']}, resultTypes: ['violations']})"
                + ".then(r => done(r.violations.map(v => ({rule: v.id, impact: v.impact, help: v.help,"
                + " targets: v.nodes.map(n => n.target.join(' '))}))))"
                + ".catch(e => done([{rule: 'axe-error', impact: 'critical', help: String(e), targets: []}]));");
        List<Violation> violations = new ArrayList<>();
        for (Map<String, Object> v : (List<Map<String, Object>>) result) {
            String impact = String.valueOf(v.get("impact"));
            if (impact.equals("serious") || impact.equals("critical")) {
                violations.add(new Violation(
                        String.valueOf(v.get("rule")), impact, String.valueOf(v.get("help")), (List<String>)
                                v.get("targets")));
            }
        }
        return violations;
    }
}
