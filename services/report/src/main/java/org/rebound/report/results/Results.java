package org.rebound.report.results;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** Reads and writes {@link RunResults} as the summary JSON. */
public final class Results {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private Results() {}

    /** The typed results of a summary tree; throws {@link IllegalArgumentException} naming what is missing or wrong. */
    public static RunResults read(JsonNode summary) {
        try {
            return JSON.treeToValue(summary, RunResults.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("not a run summary: " + e.getOriginalMessage() + " at " + path(e), e);
        }
    }

    /** The typed period table of a summary's {@code periods} array (same errors as {@link #read(JsonNode)}). */
    public static java.util.List<RunResults.Period> periods(JsonNode periods) {
        try {
            return JSON.readerForListOf(RunResults.Period.class).readValue(periods);
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "not a period table: " + e.getMessage().lines().findFirst().orElse(""), e);
        }
    }

    /** The typed comparison of a summary's {@code comparison} object (same errors as {@link #read(JsonNode)}). */
    public static Comparison comparison(JsonNode comparison) {
        try {
            return JSON.treeToValue(comparison, Comparison.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("not a comparison: " + e.getOriginalMessage() + " at " + path(e), e);
        }
    }

    public static RunResults read(Path file) throws IOException {
        return read(JSON.readTree(file.toFile()));
    }

    /** The summary tree of typed results (the file format). */
    public static JsonNode tree(RunResults results) {
        return tree((Object) results);
    }

    /** The JSON tree of any part of the typed results (a {@link Quantity}, a period…), as the summary writes it. */
    public static JsonNode tree(Object results) {
        try {
            return JSON.readTree(JSON.writeValueAsString(results));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void write(RunResults results, Path file) throws IOException {
        JSON.writeValue(file.toFile(), results);
    }

    private static String path(Exception e) {
        return e instanceof com.fasterxml.jackson.databind.JsonMappingException m ? m.getPathReference() : "?";
    }
}
