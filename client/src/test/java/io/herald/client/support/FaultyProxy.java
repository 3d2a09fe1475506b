package io.herald.client.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP relay on 127.0.0.1 between clients and a broker that can lose the broker's answers and cut
 * every connection, to make a client's messages stay in flight across a reconnect.
 *
 * <p>Threads: one accept thread and two relay threads per connection; the switches are volatile.
 */
public final class FaultyProxy implements AutoCloseable {

    private final ServerSocket server;
    private final int target;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile boolean dropDownstream;
    private volatile boolean dropUpstream;
    private volatile boolean refuse;
    private final java.util.concurrent.atomic.AtomicLong upstreamBytes = new java.util.concurrent.atomic.AtomicLong();

    private FaultyProxy(int target) throws IOException {
        this.target = target;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::acceptLoop, "faulty-proxy-accept");
        t.setDaemon(true);
        t.start();
    }

    public static FaultyProxy to(int targetPort) {
        try {
            return new FaultyProxy(targetPort);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return server.getLocalPort();
    }

    /** While true, bytes from the broker to the client are thrown away. */
    public void dropDownstream(boolean value) {
        dropDownstream = value;
    }

    /** While true, bytes from the client to the broker are thrown away. */
    public void dropUpstream(boolean value) {
        dropUpstream = value;
    }

    /** While true, new connections are closed at once, as if the broker were down. */
    public void refuse(boolean value) {
        refuse = value;
    }

    /** Bytes relayed from clients to the broker so far. */
    public long upstreamBytes() {
        return upstreamBytes.get();
    }

    /** Closes every relayed connection (the listener stays open). */
    public void cutAll() {
        for (Socket s : sockets) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing is best effort
            }
        }
        sockets.clear();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                if (refuse) {
                    client.close();
                    continue;
                }
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), target);
                sockets.add(client);
                sockets.add(upstream);
                relay(client, upstream, false);
                relay(upstream, client, true);
            } catch (IOException e) {
                return;
            }
        }
    }

    private void relay(Socket from, Socket to, boolean downstream) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[8192];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    if (!(downstream ? dropDownstream : dropUpstream)) {
                        out.write(buf, 0, n);
                        out.flush();
                        if (!downstream) {
                            upstreamBytes.addAndGet(n);
                        }
                    }
                }
            } catch (IOException e) {
                // the other side closed
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "faulty-proxy-relay");
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing is best effort
        }
    }

    @Override
    public void close() {
        cutAll();
        try {
            server.close();
        } catch (IOException ignored) {
            // closing is best effort
        }
    }
}
