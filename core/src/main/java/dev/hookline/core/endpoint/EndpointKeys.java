package dev.hookline.core.endpoint;

import dev.hookline.core.crypto.SecretBox;
import dev.hookline.core.signing.Ed25519SigningKey;
import dev.hookline.core.signing.SigningSecret;
import dev.hookline.core.signing.WebhookSigner;

import java.security.SecureRandom;
import java.util.List;
import java.util.function.Supplier;

/**
 * An endpoint's signing material: generated here, sealed with the master key ring (bound to tenant and
 * endpoint id, so a ciphertext copied onto another endpoint does not open), opened only to sign or to
 * show the tenant its own secret.
 */
public final class EndpointKeys {
    public record Generated(String secret, String sealedSecret, String sealedSigningKey, String publicKey) {
        @Override
        public String toString() {
            return "Generated[publicKey=" + publicKey + "]";
        }
    }

    private final Supplier<SecretBox> box;
    private final SecureRandom random;

    public EndpointKeys(Supplier<SecretBox> box, SecureRandom random) {
        this.box = box;
        this.random = random;
    }

    public Generated generate(String tenantId, String endpointId, boolean asymmetric) {
        byte[] aad = SecretBox.associatedData(tenantId, endpointId);
        SigningSecret secret = SigningSecret.generate(random);
        String sealedSecret = box.get().sealString(secret.encoded(), aad);
        if (!asymmetric) {
            return new Generated(secret.encoded(), sealedSecret, null, null);
        }
        Ed25519SigningKey key = Ed25519SigningKey.generate(random);
        return new Generated(secret.encoded(), sealedSecret, box.get().sealString(key.encoded(), aad),
                key.publicKey().encoded());
    }

    public String secretOf(Endpoint endpoint) {
        return box.get().openString(endpoint.sealedSecret(), SecretBox.associatedData(endpoint.tenantId(), endpoint.id()));
    }

    public WebhookSigner signerFor(Endpoint endpoint) {
        byte[] aad = SecretBox.associatedData(endpoint.tenantId(), endpoint.id());
        SigningSecret secret = SigningSecret.parse(box.get().openString(endpoint.sealedSecret(), aad));
        List<Ed25519SigningKey> keys = endpoint.sealedSigningKey() == null ? List.of()
                : List.of(Ed25519SigningKey.parse(box.get().openString(endpoint.sealedSigningKey(), aad)));
        return new WebhookSigner(List.of(secret), keys);
    }
}
