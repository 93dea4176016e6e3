package dev.hookline.local.runtime;

import java.time.Duration;

/** The event sources' pauses between polls: an interrupt ends the pause and stays set, so their loops see it and stop. */
public final class Pause {
    private Pause() {
    }

    public static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
