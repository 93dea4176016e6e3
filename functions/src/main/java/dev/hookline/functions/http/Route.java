package dev.hookline.functions.http;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** One management route: method plus a path template whose {@code {name}} segments become parameters. */
public record Route(String method, String template, Access access, Action action) {

    public enum Access { PUBLIC, ADMIN, TENANT }

    @FunctionalInterface
    public interface Action {
        ApiResponse handle(Call call);
    }

    Optional<Map<String, String>> match(String path) {
        String[] want = template.split("/");
        String[] got = path.split("/");
        if (want.length != got.length) {
            return Optional.empty();
        }
        Map<String, String> params = new HashMap<>();
        for (int i = 0; i < want.length; i++) {
            if (want[i].startsWith("{") && want[i].endsWith("}")) {
                if (got[i].isEmpty()) {
                    return Optional.empty();
                }
                params.put(want[i].substring(1, want[i].length() - 1),
                        java.net.URLDecoder.decode(got[i], java.nio.charset.StandardCharsets.UTF_8));
            } else if (!want[i].equals(got[i])) {
                return Optional.empty();
            }
        }
        return Optional.of(params);
    }
}
