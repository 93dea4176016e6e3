package dev.hookline.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every command answers --help with a description and an example, and bad usage exits 2 with the reason. */
class HelpTest {
    @TempDir
    Path home;

    private static List<List<String>> commands(CommandLine cl, List<String> prefix) {
        List<List<String>> out = new ArrayList<>();
        out.add(prefix);
        cl.getSubcommands().forEach((name, sub) -> {
            if (!name.equals("help")) {
                List<String> path = new ArrayList<>(prefix);
                path.add(name);
                out.addAll(commands(sub, path));
            }
        });
        return out;
    }

    @Test
    void everyCommandHasHelpWithAnExample() {
        List<List<String>> all = commands(Cli.commandLine(Terminal.system()), List.of());
        assertTrue(all.size() >= 40, "commands: " + all);
        for (List<String> command : all) {
            List<String> args = new ArrayList<>(command);
            args.add("--help");
            Run r = Run.of(home, null, args.toArray(String[]::new));
            assertEquals(0, r.exit(), command + ": " + r.err());
            assertTrue(r.out().contains("Usage: hookline"), command + ": " + r.out());
            assertTrue(r.out().contains("Example:"), command + " has no example: " + r.out());
            assertTrue(r.out().contains("  hookline"), command + "'s example is a command line: " + r.out());
        }
    }

    @Test
    void usageErrorsExitTwoAndSayWhy() {
        Run unknown = Run.of(home, null, "endpoints", "list", "--colour");
        assertEquals(2, unknown.exit());
        assertTrue(unknown.err().contains("--colour"), unknown.err());

        Run missing = Run.of(home, null, "events", "publish", "--data", "{}");
        assertEquals(2, missing.exit());
        assertTrue(missing.err().contains("--type"), missing.err());

        Run nothing = Run.of(home, null);
        assertEquals(2, nothing.exit());
        assertTrue(nothing.err().contains("Usage: hookline"), nothing.err());

        Run notLoggedIn = Run.of(home, null, "endpoints", "list");
        assertEquals(2, notLoggedIn.exit());
        assertTrue(notLoggedIn.err().contains("hookline login"), notLoggedIn.err());

        Run badJson = Run.of(java.util.Map.of("HOME", home.toString(), "HOOKLINE_URL", "http://127.0.0.1:9",
                "HOOKLINE_KEY", "hk_x"), home, null, "events", "publish", "--type", "a.b", "--data", "{not json");
        assertEquals(2, badJson.exit());
        assertTrue(badJson.err().contains("--data is not JSON"), badJson.err());

        Run noFile = Run.of(home, null, "verify", "--secret", "whsec_x", "--request", "missing.http");
        assertEquals(2, noFile.exit());
        assertTrue(noFile.err().contains("No file missing.http"), noFile.err());
    }

    @Test
    void anUnreachableApiIsAFailureThatNamesTheUrl() {
        Run r = Run.of(java.util.Map.of("HOME", home.toString(), "HOOKLINE_URL", "http://127.0.0.1:9",
                "HOOKLINE_KEY", "hk_x"), home, null, "endpoints", "list");
        assertEquals(1, r.exit(), r.err());
        assertTrue(r.err().contains("Cannot reach http://127.0.0.1:9"), r.err());
    }
}
