package dev.skiff.testkit;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives each top-level test class its own empty database in the JVM's shared PostgreSQL.
 *
 * <p>Declare a {@link PostgresDatabase} parameter on a constructor, a {@code @BeforeAll}/{@code
 * BeforeEach} method or a test method; every parameter within one test class (nested classes
 * included) gets the same database. It is created on first use, so it works with either test
 * instance lifecycle, and dropped when the class finishes.
 *
 * <pre>{@code
 * @ExtendWith(EmbeddedPostgresExtension.class)
 * class SomethingIT {
 *   SomethingIT(PostgresDatabase db) { ... db.jdbcUrl() ... }
 * }
 * }</pre>
 *
 * <p>A test that needs several databases can call {@link EmbeddedPostgresServer#shared()} and
 * {@link EmbeddedPostgresServer#createDatabase(String)} itself.
 */
public final class EmbeddedPostgresExtension implements ParameterResolver {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(EmbeddedPostgresExtension.class);

  /** Creates the extension; JUnit calls this. */
  public EmbeddedPostgresExtension() {}

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == PostgresDatabase.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    ExtensionContext classContext = topLevelClassContext(context);
    String hint = classContext.getRequiredTestClass().getSimpleName();
    // Stored in the class's context, so JUnit closes (drops) it when that class is done.
    return classContext
        .getStore(NAMESPACE)
        .computeIfAbsent(
            "database",
            key -> new ClassDatabase(EmbeddedPostgresServer.shared().createDatabase(hint)),
            ClassDatabase.class)
        .database();
  }

  /** Walks up from a method or nested-class context to the one just below the engine. */
  private static ExtensionContext topLevelClassContext(ExtensionContext context) {
    ExtensionContext root = context.getRoot();
    ExtensionContext current = context;
    while (current.getParent().isPresent() && current.getParent().get() != root) {
      current = current.getParent().get();
    }
    return current;
  }

  /** Store entry that drops its database when JUnit closes the class context. */
  private record ClassDatabase(PostgresDatabase database) implements AutoCloseable {
    @Override
    public void close() {
      EmbeddedPostgresServer.shared().dropDatabase(database);
    }
  }
}
