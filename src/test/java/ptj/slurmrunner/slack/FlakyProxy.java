package ptj.slurmrunner.slack;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP pipe in front of a test server that can fail the way networks do: {@link #drop()} cuts every open connection
 * (no WebSocket close frame), {@link #silence()} keeps them open but stops carrying bytes (pings go unanswered).
 * New connections after either are carried normally.
 */
final class FlakyProxy implements AutoCloseable {
    private final ServerSocket server;
    private final int targetPort;
    private final List<Link> links = new CopyOnWriteArrayList<>();

    private static final class Link {
        final Socket a;
        final Socket b;
        volatile boolean silent;

        Link(Socket a, Socket b) {
            this.a = a;
            this.b = b;
        }
    }

    FlakyProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        Thread t = new Thread(this::accept, "flaky-proxy");
        t.setDaemon(true);
        t.start();
    }

    int port() {
        return server.getLocalPort();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket in = server.accept();
                Socket out = new Socket("127.0.0.1", targetPort);
                Link l = new Link(in, out);
                links.add(l);
                pipe(l, in, out);
                pipe(l, out, in);
            } catch (IOException e) {
                return;
            }
        }
    }

    private static void pipe(Link l, Socket from, Socket to) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[8192];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    if (l.silent) continue;
                    out.write(buf, 0, n);
                    out.flush();
                }
            } catch (IOException ignored) {
                // link cut
            } finally {
                closeQuietly(l.a);
                closeQuietly(l.b);
            }
        }, "flaky-pipe");
        t.setDaemon(true);
        t.start();
    }

    void drop() {
        for (Link l : links) {
            closeQuietly(l.a);
            closeQuietly(l.b);
        }
        links.clear();
    }

    void silence() {
        for (Link l : links) l.silent = true;
        links.clear();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        drop();
    }
}
