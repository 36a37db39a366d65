package dev.skiff.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DatabaseConfigTest {

  @Test
  void h2_file_lives_under_the_skiff_home_and_speaks_postgresql() {
    DatabaseConfig c = DatabaseConfig.h2File(Path.of("/srv/skiff"));
    assertThat(c.url())
        .isEqualTo(
            "jdbc:h2:file:/srv/skiff/db/skiff;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
                + "DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=0");
    assertThat(c.vendor()).isEqualTo("h2");
    assertThat(c.h2File()).contains("/srv/skiff/db/skiff.mv.db");
    assertThat(c.maxPoolSize()).isEqualTo(DatabaseConfig.DEFAULT_POOL_SIZE);
  }

  @Test
  void h2_file_makes_a_relative_home_absolute() {
    String url = DatabaseConfig.h2File(Path.of("rel/home")).url();
    assertThat(url).startsWith("jdbc:h2:file:/").contains("/rel/home/db/skiff;");
  }

  @Test
  void h2_file_rejects_a_path_that_would_break_the_url() {
    assertThatThrownBy(() -> DatabaseConfig.h2File(Path.of("/tmp/a;AUTO_SERVER=TRUE")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must not contain ';'");
  }

  @Test
  void tells_the_vendor_from_the_url() {
    assertThat(new DatabaseConfig("jdbc:postgresql://db:5432/skiff", "u", "p").vendor())
        .isEqualTo("postgresql");
    assertThat(new DatabaseConfig("jdbc:h2:mem:x", "sa", "").vendor()).isEqualTo("h2");
  }

  @Test
  void an_unsupported_vendor_is_a_clear_store_exception() {
    DatabaseConfig mysql = new DatabaseConfig("jdbc:mysql://db/skiff?password=hunter2", "u", "p");
    assertThatThrownBy(mysql::vendor)
        .isInstanceOf(StoreException.class)
        .hasMessage(
            "unsupported database URL jdbc:mysql://db/skiff?password=***: Skiff supports"
                + " jdbc:h2: (embedded) and jdbc:postgresql:");
  }

  @Test
  void to_string_never_shows_a_password() {
    DatabaseConfig c =
        new DatabaseConfig(
            "jdbc:postgresql://u:urlsecret@db/skiff?ssl=true&password=qsecret", "u", "secret", 4);
    assertThat(c.toString())
        .doesNotContain("secret")
        .contains("jdbc:postgresql://u:***@db/skiff?ssl=true&password=***")
        .contains("maxPoolSize=4");
    assertThat(new DatabaseConfig("jdbc:h2:file:/x;PASSWORD=h2secret", "sa", "").toString())
        .doesNotContain("h2secret");
  }

  @Test
  void rejects_a_missing_or_non_jdbc_url_and_a_silly_pool_size() {
    assertThatThrownBy(() -> new DatabaseConfig(" ", "u", "p"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("database URL is missing");
    assertThatThrownBy(() -> new DatabaseConfig("postgres://db/x", "u", "p"))
        .hasMessageContaining("must start with jdbc:");
    assertThatThrownBy(() -> new DatabaseConfig("jdbc:h2:mem:x", "u", "p", 0))
        .hasMessageContaining("between 1 and 1000");
  }

  @Test
  void null_user_and_password_become_empty() {
    DatabaseConfig c = new DatabaseConfig("jdbc:h2:mem:x", null, null);
    assertThat(c.user()).isEmpty();
    assertThat(c.password()).isEmpty();
  }

  @Test
  void only_h2_file_urls_name_a_file() {
    assertThat(new DatabaseConfig("jdbc:h2:mem:x", "", "").h2File()).isEmpty();
    assertThat(new DatabaseConfig("jdbc:h2:tcp://host/x", "", "").h2File()).isEmpty();
    assertThat(new DatabaseConfig("jdbc:postgresql://h/x", "", "").h2File()).isEmpty();
    assertThat(new DatabaseConfig("jdbc:h2:/data/x;MODE=PostgreSQL", "", "").h2File())
        .contains("/data/x.mv.db");
  }
}
