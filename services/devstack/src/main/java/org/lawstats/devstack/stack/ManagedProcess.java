package org.lawstats.devstack.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A child process that cannot outlive this JVM.
 *
 * <p>Linux's parent-death signal (set by {@code setpriv --pdeathsig}) fires when the <em>thread</em> that forked
 * the child ends, not the process. Each child is therefore forked from a thread of its own that then waits for
 * it, and so lives exactly as long as the child or the JVM: a {@code kill -9} of this JVM sends the child a
 * SIGTERM, and it shuts down cleanly instead of becoming an orphan.
 */
public final class ManagedProcess {
    private static final Path SETPRIV = Path.of("/usr/bin/setpriv");

    private final String name;
    private final Process process;
    private final Path logFile;

    private ManagedProcess(String name, Process process, Path logFile) {
        this.name = name;
        this.process = process;
        this.logFile = logFile;
    }

    /**
     * Starts {@code command} with its output appended to {@code logFile}.
     *
     * @param runAs a system user to run as (only when this JVM is root), or empty for the current user
     */
    public static ManagedProcess start(
            String name,
            List<String> command,
            Path workDir,
            Map<String, String> environment,
            Path logFile,
            Optional<String> runAs) {
        List<String> full = new ArrayList<>();
        if (Files.isExecutable(SETPRIV)) {
            full.add(SETPRIV.toString());
            runAs.ifPresent(user -> full.addAll(List.of("--reuid=" + user, "--regid=" + user, "--init-groups")));
            full.add("--pdeathsig=TERM");
            full.add("--");
        }
        full.addAll(command);
        try {
            Files.createDirectories(logFile.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ProcessBuilder builder = new ProcessBuilder(full)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .redirectInput(ProcessBuilder.Redirect.PIPE);
        builder.environment().putAll(environment);

        CompletableFuture<Process> started = new CompletableFuture<>();
        Thread spawner = new Thread(
                () -> {
                    Process child;
                    try {
                        child = builder.start();
                    } catch (IOException | RuntimeException e) {
                        started.completeExceptionally(e);
                        return;
                    }
                    started.complete(child);
                    try {
                        child.waitFor();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                "spawner-" + name);
        spawner.setDaemon(true);
        spawner.start();
        try {
            return new ManagedProcess(name, started.get(), logFile);
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "could not start " + name + ": " + e.getCause().getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting " + name, e);
        }
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Completes with the exit code once the process has exited, however it ended. */
    public CompletableFuture<Integer> onExit() {
        return process.onExit().thenApply(Process::exitValue);
    }

    public Path logFile() {
        return logFile;
    }

    /** SIGTERM, then SIGKILL for the whole tree if it has not exited within {@code grace}. */
    public void stop(Duration grace) {
        if (!process.isAlive()) {
            return;
        }
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    /** SIGKILL, as a crash would. */
    public void kill() {
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        process.destroyForcibly();
        tree.forEach(ProcessHandle::destroyForcibly);
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The last lines of the log, to explain a failure. */
    public String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            return String.join(System.lineSeparator(), all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(no log at " + logFile + ")";
        }
    }

    /**
     * Polls {@code ready} until it holds. Fails, after stopping the process, with the tail of its log when the
     * process exits first or {@code timeout} passes: a child that does not come up never stays behind.
     */
    public void awaitReady(Duration timeout, BooleanSupplier ready) {
        Instant deadline = Instant.now().plus(timeout);
        try {
            while (Instant.now().isBefore(deadline)) {
                requireAlive();
                if (ready.getAsBoolean()) {
                    return;
                }
                pause();
            }
            throw new IllegalStateException(name + " did not become ready within " + timeout.toSeconds()
                    + " s; last lines of " + logFile + ":" + System.lineSeparator() + tail(30));
        } catch (RuntimeException e) {
            stop(Duration.ofSeconds(10));
            throw e;
        }
    }

    /** Ready when a GET of {@code uri} answers 200. */
    static BooleanSupplier answers200(URI uri) {
        return answers200(
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build(),
                HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build());
    }

    /** Ready when {@code request}, sent with {@code http} (e.g. one that trusts a test CA), answers 200. */
    static BooleanSupplier answers200(HttpClient http, HttpRequest request) {
        return () -> {
            try {
                return http.send(request, HttpResponse.BodyHandlers.discarding())
                                .statusCode()
                        == 200;
            } catch (IOException e) {
                return false; // not listening yet, or the TLS layer is not up yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + request.uri(), e);
            }
        };
    }

    // Polling a process we do not control: there is nothing to be notified by.
    public static void pause() {
        try {
            Thread.sleep(250);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Fails with the log's tail when the process has exited while it was expected to come up. */
    public void requireAlive() {
        if (!process.isAlive()) {
            throw new IllegalStateException(name + " exited with code " + process.exitValue() + "; last lines of "
                    + logFile + ":" + System.lineSeparator() + tail(30));
        }
    }
}
