package dev.hookline.local.template;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Safe navigation over the template's plain-map tree. */
final class Maps {
    private Maps() {
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> child(Object parent, String key) {
        if (parent instanceof Map<?, ?> map && map.get(key) instanceof Map<?, ?> child) {
            return (Map<String, Object>) child;
        }
        return Map.of();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Map<String, Object>> children(Object parent) {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        if (parent instanceof Map<?, ?> map) {
            map.forEach((k, v) -> {
                if (v instanceof Map<?, ?> m) {
                    out.put((String) k, (Map<String, Object>) m);
                }
            });
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object value) {
        return value instanceof List<?> list ? (List<Object>) list : List.of();
    }

    static int integer(Object value, int fallback) {
        if (value instanceof Number n) {
            return n.intValue();
        }
        if (value instanceof String s && !s.isBlank()) {
            return Integer.parseInt(s.strip());
        }
        return fallback;
    }
}
