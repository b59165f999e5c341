package org.lawstats.aggregator;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A loopback TCP proxy in front of the real Elasticsearch that a test can cut and restore, to take the store away
 * from one aggregator without stopping the server that the other tests share.
 */
final class TcpProxy implements AutoCloseable {
    private final ServerSocket server;
    private final int targetPort;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean cut;

    TcpProxy(int targetPort) {
        this.targetPort = targetPort;
        try {
            this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread.ofVirtual().name("proxy-accept").start(this::accept);
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                if (cut) {
                    client.close();
                    continue;
                }
                Socket upstream;
                try {
                    upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                } catch (IOException e) {
                    close(client); // the target refused: the client sees a dropped connection, not a silent one
                    continue;
                }
                if (!register(client, upstream)) {
                    continue;
                }
                Thread.ofVirtual().start(() -> pump(client, upstream));
                Thread.ofVirtual().start(() -> pump(upstream, client));
            } catch (IOException e) {
                // closed, or the target refused: the client sees a dropped connection, as in a real outage
            }
        }
    }

    private void pump(Socket from, Socket to) {
        try (InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream()) {
            in.transferTo(out);
        } catch (IOException e) {
            // the other side or cut() closed it
        } finally {
            close(from);
            close(to);
        }
    }

    /**
     * Holds a new connection open unless the proxy was cut meanwhile (then both are dropped): under the same lock as
     * {@link #cut()}, so that a connection accepted just before a cut cannot outlive it.
     */
    private synchronized boolean register(Socket client, Socket upstream) {
        if (cut) {
            close(client);
            close(upstream);
            return false;
        }
        open.add(client);
        open.add(upstream);
        return true;
    }

    /** Every open connection is dropped and new ones are refused until {@link #restore()}. */
    synchronized void cut() {
        cut = true;
        open.forEach(TcpProxy::close);
        open.clear();
    }

    void restore() {
        cut = false;
    }

    int port() {
        return server.getLocalPort();
    }

    private static void close(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        cut();
        server.close();
    }
}
