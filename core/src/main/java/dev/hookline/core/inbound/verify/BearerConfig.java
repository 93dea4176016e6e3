package dev.hookline.core.inbound.verify;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.hookline.core.problem.Problem.FieldError;
import java.util.ArrayList;
import java.util.List;

/**
 * A static token: one, or two while rotating. {@code header} defaults to {@code Authorization} (with {@code Bearer});
 * a custom header carries the bare token.
 */
@JsonIgnoreProperties("scheme")
public record BearerConfig(List<String> tokens, String header) implements SchemeConfig {

    /** Tokens are guessable if short; 16 characters is the least we accept for something with no signature. */
    static final int MIN_TOKEN_LENGTH = 16;
    static final int MAX_TOKEN_LENGTH = 512;

    public BearerConfig {
        tokens = ConfigChecks.list(tokens);
    }

    @Override
    public SchemeType type() {
        return SchemeType.BEARER;
    }

    @Override
    public List<FieldError> validate() {
        List<FieldError> errors = new ArrayList<>();
        ConfigChecks.secrets(tokens, "tokens", 1, BearerScheme.MAX_TOKENS, errors);
        for (int i = 0; i < tokens.size(); i++) {
            String t = tokens.get(i);
            if (t != null && !t.isBlank() && (t.length() < MIN_TOKEN_LENGTH || t.length() > MAX_TOKEN_LENGTH
                    || !t.strip().equals(t) || t.chars().anyMatch(c -> c < 0x21 || c == 0x7f))) {
                errors.add(new FieldError("tokens[" + i + "]", "must be " + MIN_TOKEN_LENGTH + ".." + MAX_TOKEN_LENGTH
                        + " visible characters without spaces"));
            }
        }
        ConfigChecks.headerName(header, "header", false, errors);
        return errors;
    }

    BearerScheme build() {
        return new BearerScheme(tokens, header);
    }

    @Override
    public String toString() {
        return "BearerConfig[tokens=" + ConfigChecks.redacted(tokens) + ", header=" + header + "]";
    }
}
