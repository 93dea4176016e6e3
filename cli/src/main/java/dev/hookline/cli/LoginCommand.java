package dev.hookline.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.net.URI;
import java.util.concurrent.Callable;

@Command(name = "login", description = "Store a deployment's URL and API key (checked first) under a profile.",
        footerHeading = "%nExample:%n", footer = {"  hookline login --url http://localhost:3000 --key hk_...",
        "  hookline login --profile prod --url https://hooks.example.com --key hk_..."})
final class LoginCommand extends Group implements Callable<Integer> {
    @Option(names = "--url", required = true, description = "The API's base URL (without /v1).")
    String url;

    @Option(names = "--key", required = true, description = "A tenant API key (hk_…).")
    String key;

    @Option(names = "--no-check", description = "Store without asking the API whether the key works.")
    boolean noCheck;

    @Override
    public Integer call() throws IOException {
        String base = url.strip().replaceAll("/+$", "");
        URI parsed;
        try {
            parsed = URI.create(base);
        } catch (IllegalArgumentException e) {
            throw CliException.usage("--url is not a URL: " + e.getMessage());
        }
        if (parsed.getScheme() == null || !parsed.getScheme().matches("https?") || parsed.getHost() == null) {
            throw CliException.usage("--url must be an http(s) URL such as https://hooks.example.com");
        }
        if (!noCheck) {
            new ApiClient(base, key.strip()).get("/v1/endpoints?limit=1");
        }
        Profiles profiles = Profiles.of(terminal());
        profiles.put(root.profileName(), new Profiles.Profile(base, key.strip()));
        terminal().out().println("Logged in to " + base + " as profile '" + root.profileName() + "' ("
                + profiles.file() + ", readable by you only).");
        return 0;
    }
}
