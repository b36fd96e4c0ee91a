package dev.intake.store;

import java.util.List;
import java.util.Map;

/** Jobs created since a point in time, by status, and how long the completed ones took. */
public record JobStatistics(
    long total, Map<String, Long> statusCounts, List<Long> completedMillis) {}
