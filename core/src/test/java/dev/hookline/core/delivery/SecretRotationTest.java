package dev.hookline.core.delivery;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SecretRotationTest {
    private static final Instant ROTATED = Instant.parse("2026-12-01T10:00:00Z");

    @Test
    void aDayOfGraceIsWarnedAboutAnHourBeforeItEnds() {
        assertEquals(Optional.of(Instant.parse("2026-12-02T09:00:00Z")),
                SecretRotation.noticeAt(ROTATED, Instant.parse("2026-12-02T10:00:00Z")));
    }

    @Test
    void aGraceShorterThanTwoHoursIsWarnedAboutHalfWay() {
        assertEquals(Optional.of(Instant.parse("2026-12-01T10:20:00Z")),
                SecretRotation.noticeAt(ROTATED, Instant.parse("2026-12-01T10:40:00Z")));
    }

    @Test
    void noGraceMeansNoWarning() {
        assertEquals(Optional.empty(), SecretRotation.noticeAt(ROTATED, ROTATED));
    }
}
