package dev.skiff.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.store.DatabaseConfig.Sharing;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DatabaseConfigTest {

  @Test
  void h2_file_lives_under_the_skiff_home_speaks_postgresql_and_is_shared() {
    DatabaseConfig c = DatabaseConfig.h2File(Path.of("/srv/skiff"));
    assertThat(c.url())
        .isEqualTo(
            "jdbc:h2:file:/srv/skiff/db/skiff;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
                + "DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=0;QUERY_CACHE_SIZE=64;TRACE_MAX_FILE_SIZE=1"
                + ";CACHE_SIZE="
                + DatabaseConfig.h2CacheSizeKb()
                + ";AUTO_SERVER=TRUE");
    assertThat(c.vendor()).isEqualTo("h2");
    assertThat(c.shared()).isTrue();
    assertThat(c.h2File()).contains("/srv/skiff/db/skiff.mv.db");
    assertThat(c.user()).isEqualTo("sa");
    assertThat(c.password()).isEmpty();
    assertThat(c.passwordFile()).isEqualTo(Path.of("/srv/skiff/db/password"));
    assertThat(c.maxPoolSize()).isEqualTo(DatabaseConfig.DEFAULT_POOL_SIZE);
  }

  @Test
  void an_exclusive_h2_file_keeps_the_settings_without_the_auto_server_and_closes_itself() {
    DatabaseConfig c = DatabaseConfig.h2File(Path.of("/srv/skiff"), Sharing.EXCLUSIVE);
    assertThat(c.url())
        .isEqualTo(
            "jdbc:h2:file:/srv/skiff/db/skiff;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
                + "DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=0;QUERY_CACHE_SIZE=64;TRACE_MAX_FILE_SIZE=1"
                + ";CACHE_SIZE="
                + DatabaseConfig.h2CacheSizeKb()
                + ";DB_CLOSE_ON_EXIT=FALSE");
    assertThat(c.shared()).isFalse();
    assertThat(c.passwordFile()).isEqualTo(Path.of("/srv/skiff/db/password"));
  }

  @Test
  void the_h2_cache_is_a_share_of_the_heap_within_bounds() {
    long heap = Runtime.getRuntime().maxMemory();
    int kb = DatabaseConfig.h2CacheSizeKb();
    assertThat(kb).isBetween(8 * 1024, 512 * 1024);
    if (heap != Long.MAX_VALUE && heap / 24 / 1024 >= 8 * 1024 && heap / 24 / 1024 <= 512 * 1024) {
      assertThat((long) kb).isEqualTo(heap / 24 / 1024);
    }
  }

  @Test
  void only_an_h2_url_with_auto_server_is_shared() {
    assertThat(new DatabaseConfig("jdbc:h2:file:/x;auto_server=true", "", "").shared()).isTrue();
    assertThat(new DatabaseConfig("jdbc:h2:file:/x;AUTO_SERVER=FALSE", "", "").shared()).isFalse();
    assertThat(new DatabaseConfig("jdbc:postgresql://h/x?AUTO_SERVER=TRUE", "", "").shared())
        .isFalse();
  }

  @Test
  void with_max_pool_size_keeps_the_rest() {
    DatabaseConfig c = DatabaseConfig.h2File(Path.of("/srv/skiff")).withMaxPoolSize(2);
    assertThat(c.maxPoolSize()).isEqualTo(2);
    assertThat(c.url()).isEqualTo(DatabaseConfig.h2File(Path.of("/srv/skiff")).url());
    assertThat(c.passwordFile()).isEqualTo(Path.of("/srv/skiff/db/password"));
  }

  @Test
  void a_password_and_a_password_file_exclude_each_other() {
    assertThatThrownBy(
            () -> new DatabaseConfig("jdbc:h2:file:/x", "sa", "pw", 1, Path.of("/x/password")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("give a database password or a password file, not both");
    assertThat(new DatabaseConfig("jdbc:h2:file:/x", "sa", "", 1, Path.of("rel/pw")).passwordFile())
        .isAbsolute();
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
    assertThat(DatabaseConfig.h2File(Path.of("/srv/skiff")).toString())
        .contains("passwordFile=/srv/skiff/db/password");
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
