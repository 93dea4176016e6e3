package dev.hookline.core.endpoint;

/**
 * A client certificate as a request gives it: PEM {@code certificate} (chain, leaf first) with its PEM
 * {@code privateKey}, or {@code secretArn} naming a Secrets Manager secret that holds both.
 */
public record ClientCertificateSettings(String certificate, String privateKey, String secretArn) {
    @Override
    public String toString() {
        return "ClientCertificateSettings[" + (secretArn != null ? secretArn : "inline") + "]";
    }
}
