package dev.hookline.core.tenant;

/** The one moment a key is visible: returned by creation, never stored. */
public record IssuedApiKey(ApiKey key, String plaintext) {
    @Override
    public String toString() {
        return "IssuedApiKey[" + key.id() + ", " + key.hint() + "]";
    }
}
