package org.rebound.dashboard;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Who may change a run from a browser: only the facilitator's page. A page anyone can open (the
 * read-only address, or another site a student visits) changes nothing. {@code POST /api/set}
 * must come from the dashboard's own origin (a cross-site form or fetch carries another
 * {@code Origin}), carry {@code Authorization: Bearer KEY} (the key is only in the facilitator's
 * address, never in the page), be {@code application/json} (a cross-site "simple request" cannot
 * be) and be small; valid changes are sent at most a few a second. Thread-safe.
 */
final class ControlGate {

    /** The largest body accepted: a few paths and a note. */
    static final int MAX_BODY_BYTES = 4096;
    /** Changes accepted per second, sustained; a burst of as many is allowed. */
    static final double CHANGES_PER_SECOND = 5;

    /** Why a request is refused: its HTTP status and a sentence. */
    record Refusal(int status, String error) {}

    private final List<byte[]> keys;
    private double tokens = CHANGES_PER_SECOND;
    private long refilledNanos = System.nanoTime();

    /** @param keys the keys accepted (a team's page: the team's and the facilitator's) */
    ControlGate(String... keys) {
        this.keys = java.util.Arrays.stream(keys)
                .map(k -> k.getBytes(StandardCharsets.UTF_8))
                .toList();
    }

    /** A fresh random key: 128 bits, URL-safe. */
    static String freshKey() {
        byte[] bytes = new byte[16];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /**
     * @param origin        the request's {@code Origin} header, or null
     * @param host          the request's {@code Host} header (the page's own origin is http://HOST)
     * @param authorization the {@code Authorization} header, or null
     * @param contentType   the {@code Content-Type} header, or null
     * @param bodyBytes     the body's length
     */
    Optional<Refusal> check(String origin, String host, String authorization, String contentType, long bodyBytes) {
        if (origin != null && !sameOrigin(origin, host)) {
            return Optional.of(
                    new Refusal(403, "changes come only from the dashboard's own page (Origin " + origin + ")"));
        }
        if (authorization == null || !authorization.startsWith("Bearer ") || !known(authorization)) {
            return Optional.of(
                    new Refusal(403, "only the facilitator's page can change the run (its address carries the key)"));
        }
        if (contentType == null
                || !contentType.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
            return Optional.of(new Refusal(415, "expected a JSON body (Content-Type: application/json)"));
        }
        if (bodyBytes > MAX_BODY_BYTES) {
            return Optional.of(new Refusal(413, "a change is at most " + MAX_BODY_BYTES + " bytes"));
        }
        return Optional.empty();
    }

    /** Whether the Bearer key is one of ours (each compared in constant time, all of them compared). */
    private boolean known(String authorization) {
        byte[] given = authorization.substring("Bearer ".length()).strip().getBytes(StandardCharsets.UTF_8);
        boolean known = false;
        for (byte[] key : keys) {
            known |= MessageDigest.isEqual(key, given);
        }
        return known;
    }

    /** Called for a valid change about to be sent: a refusal (429) above a few changes a second. */
    Optional<Refusal> admit() {
        return take()
                ? Optional.empty()
                : Optional.of(new Refusal(429, "at most " + (int) CHANGES_PER_SECOND + " changes a second"));
    }

    private static boolean sameOrigin(String origin, String host) {
        try {
            URI uri = URI.create(origin);
            String authority = uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
            return "http".equals(uri.getScheme())
                    && host != null
                    && authority != null
                    && authority.equalsIgnoreCase(host);
        } catch (IllegalArgumentException e) {
            return false; // "null" (a sandboxed frame) or garbage
        }
    }

    /** A token bucket: CHANGES_PER_SECOND tokens a second, at most that many saved. */
    private synchronized boolean take() {
        long now = System.nanoTime();
        tokens = Math.min(CHANGES_PER_SECOND, tokens + (now - refilledNanos) / 1e9 * CHANGES_PER_SECOND);
        refilledNanos = now;
        if (tokens < 1) {
            return false;
        }
        tokens -= 1;
        return true;
    }
}
