package dev.hookline.infrastructure.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback receiver that speaks raw bytes, for answers no well-behaved server library would send: endless header
 * lines, headers that never end, bodies cut short, garbage. Each accepted connection runs the script on its own
 * virtual thread; the receiver counts connections, requests read and bytes written.
 */
final class RawReceiver implements AutoCloseable {

    @FunctionalInterface
    interface Script {
        void run(Connection connection) throws Exception;
    }

    /** One accepted connection, with helpers to read a request and write bytes while counting them. */
    final class Connection {
        final Socket socket;
        final InputStream in;
        final OutputStream out;

        Connection(Socket socket) throws IOException {
            this.socket = socket;
            this.in = socket.getInputStream();
            this.out = socket.getOutputStream();
        }

        /** Reads one request (head and Content-Length body); false when the client closed first. */
        boolean readRequest() throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int last4 = 0;
            int b;
            while (last4 != 0x0d0a0d0a && (b = in.read()) >= 0) {
                head.write(b);
                last4 = (last4 << 8) | b;
            }
            if (last4 != 0x0d0a0d0a) {
                return false;
            }
            int length = 0;
            for (String line : head.toString(StandardCharsets.ISO_8859_1).split("\r\n")) {
                if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                    length = Integer.parseInt(line.substring(15).strip());
                }
            }
            in.readNBytes(length);
            requests.incrementAndGet();
            return true;
        }

        void write(String ascii) throws IOException {
            write(ascii.getBytes(StandardCharsets.ISO_8859_1));
        }

        void write(byte[] bytes) throws IOException {
            out.write(bytes);
            out.flush();
            written.addAndGet(bytes.length);
        }
    }

    private final ServerSocket listener;
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicLong written = new AtomicLong();

    RawReceiver(Script script) throws IOException {
        listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(() -> {
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
                        // The client hung up or timed out: what most scripts provoke.
                    }
                });
            }
        });
    }

    String url(String path) {
        return "http://hooks.example.test:" + listener.getLocalPort() + path;
    }

    int connections() {
        return connections.get();
    }

    int requests() {
        return requests.get();
    }

    long bytesWritten() {
        return written.get();
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }
}
