package dev.hookline.core.inbound.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class DefaultPortsTest {

    @Test
    void addsOrRemovesOnlyTheDefaultPort() {
        assertEquals(List.of("https://a.com/p?q=1", "https://a.com:443/p?q=1"),
                List.copyOf(DefaultPorts.variants("https://a.com/p?q=1")));
        assertEquals(List.of("https://a.com:443/p", "https://a.com/p"),
                List.copyOf(DefaultPorts.variants("https://a.com:443/p")));
        assertEquals(List.of("http://a.com", "http://a.com:80"), List.copyOf(DefaultPorts.variants("http://a.com")));
        assertEquals(List.of("http://a.com:8080/x"), List.copyOf(DefaultPorts.variants("http://a.com:8080/x")));
        // https on :80 is not a default port.
        assertEquals(List.of("https://a.com:80/x"), List.copyOf(DefaultPorts.variants("https://a.com:80/x")));
    }

    @Test
    void keepsUserInfoAndEncodingExactly() {
        assertEquals(List.of("https://u:p@a.com/p%20q?x=%2F", "https://u:p@a.com:443/p%20q?x=%2F"),
                List.copyOf(DefaultPorts.variants("https://u:p@a.com/p%20q?x=%2F")));
    }

    @Test
    void unparsableUrlsAreUsedAsIs() {
        assertEquals(List.of("https://a.com/ bad"), List.copyOf(DefaultPorts.variants("https://a.com/ bad")));
    }
}
