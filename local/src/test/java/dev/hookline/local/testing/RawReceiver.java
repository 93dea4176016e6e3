package dev.hookline.local.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback receiver that answers in raw bytes, for the hostile and broken receivers no server library would
 * play: never answering, dripping, endless or huge headers, bodies cut short, resets, garbage. Each connection runs
 * the script on a virtual thread; every request read is recorded (headers, body, arrival), and the bytes written
 * are counted so a test can show how much the platform read before it hung up.
 */
public final class RawReceiver implements AutoCloseable {

    @FunctionalInterface
    public interface Script {
        /** Handles one connection; return or throw to close it. */
        void run(Connection connection) throws Exception;
    }

    public record Request(Instant at, String requestLine, Map<String, String> headers, byte[] body) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** One accepted connection. */
    public final class Connection {
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;

        Connection(Socket socket) throws IOException {
            this.socket = socket;
            this.in = socket.getInputStream();
            this.out = socket.getOutputStream();
        }

        /** Reads the next request (head and Content-Length body); null when the client closed or went idle. */
        public Request read() throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int last4 = 0;
            int b;
            try {
                while (last4 != 0x0d0a0d0a && (b = in.read()) >= 0) {
                    head.write(b);
                    last4 = (last4 << 8) | b;
                    if (head.size() > 1 << 20) {
                        throw new IOException("request head over 1 MiB");
                    }
                }
            } catch (SocketTimeoutException idle) {
                return null;
            }
            if (last4 != 0x0d0a0d0a) {
                return null;
            }
            String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
            Map<String, String> headers = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon > 0) {
                    headers.put(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT),
                            lines[i].substring(colon + 1).strip());
                }
            }
            int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
            Request request = new Request(Instant.now(), lines[0], headers, in.readNBytes(length));
            requests.add(request);
            return request;
        }

        public void write(String latin1) throws IOException {
            write(latin1.getBytes(StandardCharsets.ISO_8859_1));
        }

        public void write(byte[] bytes) throws IOException {
            out.write(bytes);
            out.flush();
            written.addAndGet(bytes.length);
        }

        /** Holds the connection without a word until the client closes it (or the limit passes). */
        public void hold(Duration limit) throws IOException {
            socket.setSoTimeout((int) limit.toMillis());
            try {
                while (in.read() >= 0) {
                    // the client sent more; keep holding
                }
            } catch (SocketTimeoutException e) {
                // held for the whole limit
            }
        }

        /** Closes with a TCP reset instead of a FIN. */
        public void reset() throws IOException {
            socket.setSoLinger(true, 0);
            socket.close();
        }

        public Socket socket() {
            return socket;
        }
    }

    private final ServerSocket listener;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicLong written = new AtomicLong();

    public RawReceiver(Script script) throws IOException {
        listener = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().name("raw-receiver-" + listener.getLocalPort()).start(() -> {
            while (!listener.isClosed()) {
                Socket socket;
                try {
                    socket = listener.accept();
                } catch (IOException e) {
                    return;
                }
                connections.incrementAndGet();
                Thread.ofVirtual().start(() -> {
                    try (socket) {
                        script.run(new Connection(socket));
                    } catch (Exception e) {
                        // the client hung up or timed out: what most scripts provoke
                    }
                });
            }
        });
    }

    /** Reads one request and answers with {@code response} (raw), for each request on the connection. */
    public static RawReceiver answering(String response) throws IOException {
        return new RawReceiver(c -> {
            while (c.read() != null) {
                c.write(response);
            }
        });
    }

    public String url(String path) {
        return "http://127.0.0.1:" + listener.getLocalPort() + path;
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    public int connections() {
        return connections.get();
    }

    public long bytesWritten() {
        return written.get();
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }
}
