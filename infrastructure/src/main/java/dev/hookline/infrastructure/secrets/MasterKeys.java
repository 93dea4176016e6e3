package dev.hookline.infrastructure.secrets;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookline.core.crypto.MasterKeyRing;
import dev.hookline.core.crypto.SecretBox;

import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The master key ring from Secrets Manager: {@code {"current": "k2", "k1": "<material>", "k2": "<material>"}}.
 * Rotation adds a key id and points "current" at it; sealed secrets name their key id, so old ones stay
 * readable. The derived ring is rebuilt only when the secret's text changes.
 */
public final class MasterKeys implements Supplier<SecretBox> {
    private record Derived(String source, SecretBox box) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final SecretCache secrets;
    private final String secretArn;
    private final SecureRandom random;
    private final AtomicReference<Derived> derived = new AtomicReference<>();

    public MasterKeys(SecretCache secrets, String secretArn, SecureRandom random) {
        this.secrets = secrets;
        this.secretArn = secretArn;
        this.random = random;
    }

    @Override
    public SecretBox get() {
        String source = secrets.get(secretArn);
        Derived current = derived.get();
        if (current != null && current.source().equals(source)) {
            return current.box();
        }
        SecretBox box = new SecretBox(parse(source), random);
        derived.set(new Derived(source, box));
        return box;
    }

    static MasterKeyRing parse(String source) {
        try {
            JsonNode doc = JSON.readTree(source);
            if (doc == null || !doc.hasNonNull("current")) {
                throw new IllegalStateException("The master key secret has no \"current\" key id");
            }
            Map<String, String> material = new LinkedHashMap<>();
            doc.fields().forEachRemaining(f -> {
                if (!f.getKey().equals("current")) {
                    material.put(f.getKey(), f.getValue().asText());
                }
            });
            return MasterKeyRing.fromMaterial(doc.get("current").asText(), material);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("The master key secret is not JSON", e);
        }
    }
}
