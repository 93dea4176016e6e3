package dev.hookline.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Login stores profiles readable by their owner only; the environment overrides them. */
class ProfilesTest {
    @TempDir
    Path home;

    @Test
    void loginStoresEachProfileInTheUsersConfigDirectoryWithMode0600() throws Exception {
        assertEquals(0, Run.of(home, null, "login", "--url", "http://localhost:3000/", "--key", "hk_one", "--no-check").exit());
        Run second = Run.of(home, null, "login", "--profile", "prod", "--url", "https://hooks.example.com", "--key",
                "hk_two", "--no-check");
        assertEquals(0, second.exit(), second.err());
        assertFalse(second.out().contains("hk_two"), "the key is never printed: " + second.out());
        Path file = home.resolve(".config/hookline/config.json");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())));
        Profiles profiles = new Profiles(file);
        assertEquals(new Profiles.Profile("http://localhost:3000", "hk_one"), profiles.get("default").orElseThrow());
        assertEquals(new Profiles.Profile("https://hooks.example.com", "hk_two"), profiles.get("prod").orElseThrow());
    }

    @Test
    void withoutXdgConfigHomeTheConfigGoesUnderDotConfig() throws Exception {
        Run r = Run.of(Map.of("HOME", home.toString()), home, null, "login", "--url", "http://h:1", "--key", "k", "--no-check");
        assertEquals(0, r.exit(), r.err());
        assertTrue(Files.exists(home.resolve(".config/hookline/config.json")));
    }

    @Test
    void theEnvironmentOverridesTheStoredProfile() throws Exception {
        Profiles profiles = new Profiles(home.resolve("c/hookline/config.json"));
        profiles.put("default", new Profiles.Profile("http://stored:1", "hk_stored"));
        assertEquals(new Profiles.Profile("http://env:2", "hk_stored"),
                profiles.resolve("default", Map.of("HOOKLINE_URL", "http://env:2/")));
        assertEquals(new Profiles.Profile("http://stored:1", "hk_env"), profiles.resolve("default", Map.of("HOOKLINE_KEY", "hk_env")));
    }

    @Test
    void aLoginWhoseUrlIsNotHttpIsAUsageError() {
        Run r = Run.of(home, null, "login", "--url", "ftp://x", "--key", "k", "--no-check");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("http(s) URL"), r.err());
    }
}
