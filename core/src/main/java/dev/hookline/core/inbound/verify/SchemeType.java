package dev.hookline.core.inbound.verify;

import java.util.Arrays;
import java.util.Optional;

/** The verification schemes a source can choose; the id is the stable name used in configuration and the API. */
public enum SchemeType {
    STANDARD_WEBHOOKS("standard-webhooks"),
    STRIPE("stripe"),
    GITHUB("github"),
    SHOPIFY("shopify"),
    SLACK("slack"),
    TWILIO("twilio"),
    HMAC("hmac"),
    BEARER("bearer"),
    JWT("jwt"),
    NONE("none");

    private final String id;

    SchemeType(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static Optional<SchemeType> fromId(String id) {
        return Arrays.stream(values()).filter(t -> t.id.equals(id)).findFirst();
    }
}
