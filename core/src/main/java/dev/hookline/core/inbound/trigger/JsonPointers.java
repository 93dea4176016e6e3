package dev.hookline.core.inbound.trigger;

/** RFC 6901 syntax, checked strictly: Jackson reads {@code ~2} as literal text, which would hide a typo. */
final class JsonPointers {

    private JsonPointers() {
    }

    static boolean valid(String pointer) {
        if (pointer == null) {
            return false;
        }
        if (pointer.isEmpty()) {
            return true;
        }
        if (pointer.charAt(0) != '/') {
            return false;
        }
        for (int i = 0; i < pointer.length(); i++) {
            if (pointer.charAt(i) == '~') {
                char next = i + 1 < pointer.length() ? pointer.charAt(i + 1) : 0;
                if (next != '0' && next != '1') {
                    return false;
                }
            }
        }
        return true;
    }

    /** One reference token, escaped so it can be appended to a pointer. */
    static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }
}
