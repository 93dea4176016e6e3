package dev.hookline.core.inbound.source;

import java.util.Locale;

/** trigger: each accepted call starts a pipeline run. stream: each record joins an ordered stream. */
public enum SourceMode {
    TRIGGER, STREAM;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static SourceMode fromWire(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
