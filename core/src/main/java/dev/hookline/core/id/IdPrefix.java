package dev.hookline.core.id;

/** The kinds of things Hookline names, each with the prefix its ids carry. */
public enum IdPrefix {
    TENANT("ten"),
    API_KEY("key"),
    ENDPOINT("ep"),
    MESSAGE("msg"),
    DELIVERY("dlv"),
    ATTEMPT("att"),
    SOURCE("src"),
    RUN("run"),
    RECORD("rec"),
    AUDIT("aud");

    private final String value;

    IdPrefix(String value) {
        this.value = value;
    }

    public String value() {
        return value;
    }
}
