package dev.hookline.core.health;

import java.util.List;

/** Port: asks every resource the function depends on whether it answers (GET /health). */
public interface HealthCheck {
    List<ResourceStatus> check();
}
