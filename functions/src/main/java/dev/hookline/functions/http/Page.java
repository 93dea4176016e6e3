package dev.hookline.functions.http;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/** A list response: {@code {"data": [...], "next_cursor": "..." | null}}. */
public record Page<T>(List<T> data, @JsonInclude(JsonInclude.Include.ALWAYS) String nextCursor) {
}
