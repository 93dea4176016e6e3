package dev.hookline.local.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A free loopback port for a process the test starts and that binds it itself, seconds later. Chosen below the
 * kernel's ephemeral range: a port from that range (what binding port 0 returns) may meanwhile be handed to any
 * socket bound to port 0 or connecting out - the child's own embedded emulators among them - and the child then
 * fails with "Address already in use" (seen once in KillNineIT). Below the range only an explicit bind can take it.
 */
public final class FreePorts {
    private static final int LOWEST = 20_000;
    private static final int TRIES = 200;

    private FreePorts() {
    }

    public static int forAChildProcess() throws IOException {
        int below = ephemeralRangeStart();
        for (int i = 0; i < TRIES; i++) {
            int port = ThreadLocalRandom.current().nextInt(LOWEST, below);
            try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                return probe.getLocalPort();
            } catch (IOException taken) {
                // in use: try another
            }
        }
        throw new IOException("no free port in [" + LOWEST + ", " + below + ") after " + TRIES + " tries");
    }

    /** Linux's net.ipv4.ip_local_port_range (its default, 32768, elsewhere or when unreadable). */
    private static int ephemeralRangeStart() {
        try {
            String range = Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim();
            int start = Integer.parseInt(range.split("\\s+")[0]);
            return start > LOWEST + 1000 ? start : 32_768;
        } catch (IOException | RuntimeException e) {
            return 32_768;
        }
    }
}
