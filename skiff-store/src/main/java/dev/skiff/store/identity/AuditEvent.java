package dev.skiff.store.identity;

import java.time.Instant;

/**
 * One state-changing request, as the audit log keeps it.
 *
 * @param id increasing number (0 before it is stored)
 * @param at when it was answered
 * @param userId who sent it (empty when unauthenticated)
 * @param profile the profile it acted in (empty when none applies)
 * @param action what, e.g. {@code POST /apis/v2beta1/runs}
 * @param target the resource path it named
 * @param status the HTTP status it got
 * @param detail a short note (e.g. the problem's title for a refusal)
 */
public record AuditEvent(
    long id,
    Instant at,
    String userId,
    String profile,
    String action,
    String target,
    int status,
    String detail) {}
