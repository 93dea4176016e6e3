package dev.hookline.infrastructure.http;

import dev.hookline.core.outbound.FailureKind;
import org.junit.jupiter.api.Test;

import java.net.SocketTimeoutException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TransportFailuresTest {
    @Test
    void aSocketTimeoutNamesTheEndpointsTimeoutLikeOurOwnDeadlineDoes() {
        SocketTimeoutException read = new SocketTimeoutException("Read timed out");
        assertEquals(FailureKind.TIMEOUT, TransportFailures.kind(read, false));
        String socket = TransportFailures.describe(FailureKind.TIMEOUT, read, 1000, false);
        String deadline = TransportFailures.describe(FailureKind.TIMEOUT, read, 1000, true);
        assertTrue(socket.contains("within 1000 ms") && socket.contains("Read timed out"), socket);
        assertTrue(deadline.contains("within 1000 ms"), deadline);
    }
}
