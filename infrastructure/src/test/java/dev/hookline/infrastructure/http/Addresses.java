package dev.hookline.infrastructure.http;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Literal IPv4 addresses for resolvers the tests script (no DNS involved). */
final class Addresses {
    static final InetAddress LOOPBACK = v4(127, 0, 0, 1);
    /** The cloud metadata address, which the URL guard must never let a send reach. */
    static final InetAddress METADATA = v4(169, 254, 169, 254);

    private Addresses() {
    }

    static InetAddress v4(int a, int b, int c, int d) {
        try {
            return InetAddress.getByAddress(new byte[] {(byte) a, (byte) b, (byte) c, (byte) d});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
