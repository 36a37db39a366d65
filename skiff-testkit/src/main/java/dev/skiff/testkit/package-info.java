/**
 * JUnit helpers shared by the modules' tests. It depends on no Skiff module, so any module can use
 * it in test scope.
 *
 * <p>{@link dev.skiff.testkit.EmbeddedPostgresExtension} gives a test class a fresh database in one
 * real PostgreSQL per JVM ({@link dev.skiff.testkit.EmbeddedPostgresServer}). For a temporary Skiff
 * home, JUnit's own {@code @TempDir} is enough.
 */
package dev.skiff.testkit;
