package dev.hookline.local.http;

import dev.hookline.local.runtime.LocalFunction;
import dev.hookline.local.template.FunctionSpec.HttpRoute;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * HTTP API route selection as API Gateway does it: the most specific path wins (literal segments before
 * {@code {param}} before greedy {@code {proxy+}}), and an exact method before {@code ANY}.
 */
public final class RouteTable {
    public record Target(LocalFunction function, HttpRoute route) {
    }

    public record Match(Target target, Map<String, String> pathParameters) {
    }

    private final List<Target> targets = new ArrayList<>();

    public void add(LocalFunction function, HttpRoute route) {
        targets.add(new Target(function, route));
    }

    public List<Target> targets() {
        return List.copyOf(targets);
    }

    public Optional<Match> match(String method, String rawPath) {
        String[] got = split(rawPath);
        return targets.stream()
                .map(t -> params(split(t.route().path()), got).map(p -> new Match(t, p)))
                .flatMap(Optional::stream)
                .filter(m -> m.target().route().method().equals("ANY") || m.target().route().method().equals(method))
                .min(Comparator.comparingInt(RouteTable::specificity));
    }

    /** Lower is more specific. */
    private static int specificity(Match m) {
        String path = m.target().route().path();
        int score = 0;
        if (path.contains("+}")) {
            score += 1000;
        }
        score += 10 * (int) path.chars().filter(c -> c == '{').count();
        if (m.target().route().method().equals("ANY")) {
            score += 1;
        }
        return score;
    }

    private static Optional<Map<String, String>> params(String[] want, String[] got) {
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < want.length; i++) {
            String segment = want[i];
            if (segment.startsWith("{") && segment.endsWith("+}")) {
                if (i >= got.length) {
                    return Optional.empty();
                }
                params.put(segment.substring(1, segment.length() - 2), decode(String.join("/", List.of(got).subList(i, got.length))));
                return Optional.of(params);
            }
            if (i >= got.length) {
                return Optional.empty();
            }
            if (segment.startsWith("{") && segment.endsWith("}")) {
                params.put(segment.substring(1, segment.length() - 1), decode(got[i]));
            } else if (!segment.equals(got[i])) {
                return Optional.empty();
            }
        }
        return want.length == got.length ? Optional.of(params) : Optional.empty();
    }

    private static String[] split(String path) {
        String trimmed = path.startsWith("/") ? path.substring(1) : path;
        return trimmed.isEmpty() ? new String[0] : trimmed.split("/", -1);
    }

    private static String decode(String segment) {
        return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
