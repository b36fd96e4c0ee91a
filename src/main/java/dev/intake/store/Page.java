package dev.intake.store;

import java.util.List;

/** One page of a longer list, and the length of the whole list. */
public record Page<T>(List<T> items, long total) {}
