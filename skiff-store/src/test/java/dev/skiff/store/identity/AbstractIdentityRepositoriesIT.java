package dev.skiff.store.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.store.Database;
import dev.skiff.store.Profile;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The identity tables' contract, run once per database vendor by a subclass. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AbstractIdentityRepositoriesIT {
  private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MICROS);

  private Database database;
  private IdentityRepositories id;

  protected abstract Database openDatabase();

  @BeforeAll
  void open() {
    database = openDatabase();
    id = database.identity();
  }

  @AfterAll
  void close() {
    if (database != null) {
      database.close();
    }
  }

  @BeforeEach
  void empty() {
    database
        .jdbi()
        .useHandle(
            h -> {
              h.execute("DELETE FROM profile_member");
              h.execute("DELETE FROM profile");
              h.execute("DELETE FROM app_user");
              h.execute("DELETE FROM api_token");
              h.execute("DELETE FROM auth_session");
              h.execute("DELETE FROM audit_event");
            });
  }

  @Test
  void users_are_created_once_and_keep_their_first_record() {
    AppUser ada = new AppUser("ada@example.com", "Ada", "ada", NOW, NOW);
    assertThat(id.users().createIfAbsent(ada)).isTrue();
    assertThat(id.users().createIfAbsent(new AppUser("ada@example.com", "X", "x", NOW, NOW)))
        .isFalse();
    assertThat(id.users().find("ada@example.com")).contains(ada);
    id.users().touchLogin("ada@example.com", "", NOW.plusSeconds(5));
    assertThat(id.users().find("ada@example.com").orElseThrow().displayName()).isEqualTo("Ada");
    assertThat(id.users().find("ada@example.com").orElseThrow().lastLoginAt())
        .isEqualTo(NOW.plusSeconds(5));
  }

  @Test
  void members_have_one_role_per_profile_and_go_with_their_profile() {
    database.profiles().create(Profile.of("team-a", "ada@example.com", ""));
    id.members().put(new Member("team-a", "ada@example.com", ProfileRole.OWNER, "ada", NOW));
    assertThat(id.members().put(new Member("team-a", "bob@x.org", ProfileRole.VIEW, "ada", NOW)))
        .isTrue();
    assertThat(id.members().put(new Member("team-a", "bob@x.org", ProfileRole.EDIT, "ada", NOW)))
        .isFalse();
    assertThat(id.members().role("team-a", "bob@x.org")).contains(ProfileRole.EDIT);
    assertThat(id.members().ofProfile("team-a"))
        .extracting(Member::userId)
        .containsExactly("ada@example.com", "bob@x.org");
    assertThat(id.members().ofUser("bob@x.org"))
        .extracting(Member::profile)
        .containsExactly("team-a");

    database.profiles().delete("team-a");
    assertThat(id.members().ofUser("bob@x.org")).isEmpty();
    assertThat(id.members().role("team-a", "ada@example.com")).isEmpty();
  }

  @Test
  void tokens_keep_scope_and_expiry_and_are_revoked_once() {
    ApiToken t =
        new ApiToken(
            "tok1",
            "ada",
            "ci",
            "ab".repeat(32),
            "team-a",
            ProfileRole.VIEW,
            NOW,
            NOW.plus(Duration.ofDays(1)),
            null,
            null);
    id.tokens().create(t);
    assertThat(id.tokens().find("tok1")).contains(t);
    assertThat(t.activeAt(NOW)).isTrue();
    assertThat(t.activeAt(NOW.plus(Duration.ofDays(2)))).isFalse();
    assertThat(id.tokens().revoke("tok1", NOW)).isTrue();
    assertThat(id.tokens().revoke("tok1", NOW)).isFalse();
    assertThat(id.tokens().find("tok1").orElseThrow().activeAt(NOW)).isFalse();
    assertThat(id.tokens().ofUser("ada")).hasSize(1);
  }

  @Test
  void sessions_end_one_at_a_time_or_all_together() {
    Instant end = NOW.plus(Duration.ofHours(8));
    id.sessions().create(new Session("h1", "ada", "c1", NOW, end, NOW));
    id.sessions().create(new Session("h2", "ada", "c2", NOW, end, NOW));
    id.sessions().create(new Session("h3", "bob", "c3", NOW, NOW.minusSeconds(1), NOW));
    assertThat(id.sessions().find("h1").orElseThrow().csrf()).isEqualTo("c1");
    assertThat(id.sessions().deleteExpired(NOW)).isEqualTo(1);
    assertThat(id.sessions().delete("h1")).isTrue();
    assertThat(id.sessions().deleteAllOf("ada")).isEqualTo(1);
    assertThat(id.sessions().find("h2")).isEmpty();
  }

  @Test
  void audit_events_list_newest_first_by_profile_and_page() {
    for (int i = 0; i < 5; i++) {
      id.audit()
          .append(
              new AuditEvent(
                  0,
                  NOW.plusSeconds(i),
                  "ada",
                  i % 2 == 0 ? "a" : "b",
                  "POST /x",
                  "/x/" + i,
                  200,
                  ""));
    }
    var all = id.audit().list(null, null, 0, 10);
    assertThat(all)
        .extracting(AuditEvent::target)
        .containsExactly("/x/4", "/x/3", "/x/2", "/x/1", "/x/0");
    assertThat(id.audit().list("a", null, 0, 10)).hasSize(3);
    assertThat(id.audit().list(null, null, all.get(1).id(), 10))
        .extracting(AuditEvent::target)
        .containsExactly("/x/2", "/x/1", "/x/0");
    assertThat(id.audit().list(null, "nobody", 0, 10)).isEmpty();
  }

  @Test
  void quotas_are_stored_per_profile_and_null_means_no_limit() {
    database.profiles().create(Profile.of("team-a", "ada", ""));
    assertThat(database.profiles().quota("team-a")).isEqualTo(ProfileQuota.NONE);
    ProfileQuota q = new ProfileQuota(4, 2000L, null, 1, 2);
    assertThat(database.profiles().setQuota("team-a", q)).isTrue();
    assertThat(database.profiles().quota("team-a")).isEqualTo(q);
    assertThat(database.profiles().setQuota("nope", q)).isFalse();
  }
}
