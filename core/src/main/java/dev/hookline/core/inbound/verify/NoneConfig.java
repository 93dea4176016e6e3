package dev.hookline.core.inbound.verify;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.hookline.core.problem.Problem.FieldError;
import java.util.List;

/** No verification; choosing it is an explicit act of the source owner. */
@JsonIgnoreProperties("scheme")
public record NoneConfig() implements SchemeConfig {

    @Override
    public SchemeType type() {
        return SchemeType.NONE;
    }

    @Override
    public List<FieldError> validate() {
        return List.of();
    }
}
