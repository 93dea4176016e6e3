package dev.hookline.local.testing;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.nio.file.Files;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The moto launcher: it answers once started, stops when closed, and says why where it cannot start. */
class MotoServerTest {

    @Test
    void aServerAnswersOnLoopbackLogsUnderTargetAndIsGoneAfterClose() throws IOException {
        MotoServer moto = MotoServer.start();
        try {
            assertEquals("127.0.0.1", moto.endpoint().getHost());
            assertEquals(200, status(moto));
            assertTrue(moto.log().toString().contains("target"), moto.log().toString());
            assertTrue(Files.exists(moto.log()));
        } finally {
            moto.close();
        }
        assertThrows(IOException.class, () -> status(moto), "nothing listens after close");
        moto.close(); // idempotent
    }

    @Test
    void aMissingInterpreterOrModuleIsAReasonNotAHang() {
        IOException noPython = assertThrows(IOException.class,
                () -> MotoServer.start(List.of("python3-that-does-not-exist", "-m", "moto.server")));
        assertTrue(noPython.getMessage().contains("cannot be run"), noPython.getMessage());

        IOException noModule = assertThrows(IOException.class,
                () -> MotoServer.start(List.of("python3", "-m", "moto_is_not_this_module.server")));
        assertTrue(noModule.getMessage().contains("exited with"), noModule.getMessage());
        assertTrue(noModule.getMessage().contains("No module named"), noModule.getMessage());
    }

    private static int status(MotoServer moto) throws IOException {
        HttpURLConnection c = (HttpURLConnection) moto.endpoint().resolve("/moto-api/").toURL().openConnection();
        c.setConnectTimeout(2000);
        c.setReadTimeout(5000);
        try {
            return c.getResponseCode();
        } finally {
            c.disconnect();
        }
    }
}
