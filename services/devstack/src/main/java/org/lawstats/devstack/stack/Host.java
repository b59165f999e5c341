package org.lawstats.devstack.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/** What the local stack needs to know about the machine it runs on. */
public final class Host {
    static final String ES_USER = "lawstats-es";

    private Host() {}

    static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static boolean portInUse(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Elasticsearch refuses to run as root: a system user of its own, created once. */
    static void ensureSystemUser(String user) {
        if (run(List.of("id", "-u", user)) == 0) {
            return;
        }
        int code = run(List.of("useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", user));
        if (code != 0 && run(List.of("id", "-u", user)) != 0) {
            throw new IllegalStateException("could not create the system user " + user + " (useradd exit " + code
                    + "); create it by hand: useradd --system " + user);
        }
    }

    static void chownTree(Path dir, String user) {
        int code = run(List.of("chown", "-R", user + ":" + user, dir.toString()));
        if (code != 0) {
            throw new IllegalStateException("could not chown " + dir + " to " + user);
        }
    }

    /**
     * The unprivileged Elasticsearch user must reach its files: every ancestor needs the x bit for others.
     * Only the search bit is added; nothing becomes readable that was not.
     */
    static void makeTraversable(Path path) {
        for (Path p = path.toAbsolutePath().normalize(); p != null; p = p.getParent()) {
            try {
                Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p);
                if (!perms.contains(PosixFilePermission.OTHERS_EXECUTE)) {
                    perms.add(PosixFilePermission.OTHERS_EXECUTE);
                    Files.setPosixFilePermissions(p, perms);
                    System.out.println(
                            "lawstats: added o+x to " + p + " so that Elasticsearch's user can reach " + path);
                }
            } catch (IOException | UnsupportedOperationException e) {
                throw new IllegalStateException("cannot make " + p + " traversable for " + ES_USER, e);
            }
        }
    }

    private static int run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return -1;
            }
            return process.exitValue();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
