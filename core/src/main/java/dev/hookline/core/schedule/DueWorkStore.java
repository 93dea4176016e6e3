package dev.hookline.core.schedule;

import java.time.Instant;
import java.util.List;

/** Port: persisted due work, read in due-time order. */
public interface DueWorkStore {
    void schedule(DueWork work);

    /** Work due at or before {@code now}, oldest first, at most {@code limit} items. */
    List<DueWork> due(Instant now, int limit);

    /** Removes the item; false if another sweeper already took it. */
    boolean remove(DueWork work);
}
