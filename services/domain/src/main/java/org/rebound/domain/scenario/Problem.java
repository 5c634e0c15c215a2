package org.rebound.domain.scenario;

/**
 * One thing wrong with a scenario, said for a person: where (file, line, key path) and what was
 * expected versus found. {@code line} is 1-based, 0 when unknown.
 */
public record Problem(String file, int line, String path, String message) {

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(file);
        if (line > 0) {
            text.append(':').append(line);
        }
        text.append(": ");
        if (path != null && !path.isEmpty()) {
            text.append(path).append(": ");
        }
        return text.append(message).toString();
    }
}
