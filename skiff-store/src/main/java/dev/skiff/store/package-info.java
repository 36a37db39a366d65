/**
 * Persistence for Skiff: one {@link dev.skiff.store.Database} (HikariCP pool, Flyway migrations,
 * JDBI) over an embedded H2 file or PostgreSQL, and the repositories on top of it.
 *
 * <p>Start with {@link dev.skiff.store.Database#open}. Repositories are interfaces (e.g. {@link
 * dev.skiff.store.ProfileRepository}) whose one JDBI implementation runs the same SQL on both
 * vendors; an abstract contract test suite runs against each. Failures surface as {@link
 * dev.skiff.store.StoreException} with a one-line message.
 */
package dev.skiff.store;
