package dev.hookline.core.inbound.verify;

import java.util.List;

/**
 * The signature doctor's answer about one captured request: whether it verifies as it is and, if not, the
 * findings that say why and how to fix it. A confirmed finding was proven by changing exactly that in the request
 * (or the secret) and seeing it verify; an unconfirmed one is an observation. Never holds a secret, an expected
 * signature or the body.
 *
 * @param reason the plain verification's reason code ({@code verified}, {@code bad_signature}, …)
 * @param detail the plain verification's detail
 */
public record Diagnosis(boolean verified, String scheme, String reason, String detail, List<Finding> findings) {

    public Diagnosis {
        findings = List.copyOf(findings);
    }

    /** One cause: a stable code, what is wrong (with figures: seconds, names, lengths), and the fix. */
    public record Finding(String code, boolean confirmed, String message, String fix) {
    }

    /** True when at least one finding was proven by making the request verify. */
    public boolean explained() {
        return findings.stream().anyMatch(Finding::confirmed);
    }

    public List<String> codes() {
        return findings.stream().map(Finding::code).toList();
    }
}
