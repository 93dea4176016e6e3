package dev.hookline.core.health;

/** One resource the function depends on: where the environment points and whether it answered. */
public record ResourceStatus(String kind, String variable, String name, boolean present, String detail) {
}
