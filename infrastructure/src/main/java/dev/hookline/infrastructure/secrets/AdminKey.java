package dev.hookline.infrastructure.secrets;

import dev.hookline.core.access.AdminCredential;
import dev.hookline.core.crypto.Tokens;

/** The admin key lives in Secrets Manager; a presented key is compared in constant time. */
public final class AdminKey implements AdminCredential {
    private final SecretCache secrets;
    private final String secretArn;

    public AdminKey(SecretCache secrets, String secretArn) {
        this.secrets = secrets;
        this.secretArn = secretArn;
    }

    @Override
    public boolean matches(String presented) {
        if (presented == null || presented.isEmpty()) {
            return false;
        }
        return Tokens.constantTimeEquals(secrets.get(secretArn).strip(), presented);
    }
}
