package dev.skiff.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The contract every {@link ProfileRepository} keeps, run once per database vendor by a subclass
 * that only says how to open its database.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AbstractProfileRepositoryIT {

  private Database database;
  private ProfileRepository repo;

  /** Opens a migrated database of the vendor under test; called once per class. */
  protected abstract Database openDatabase();

  @BeforeAll
  void open() {
    database = openDatabase();
    repo = database.profiles();
  }

  @AfterAll
  void close() {
    if (database != null) {
      database.close();
    }
  }

  @BeforeEach
  void empty() {
    database.jdbi().useHandle(h -> h.execute("DELETE FROM profile"));
  }

  private static Profile profile(String name) {
    return Profile.of(name, "ada@example.com", "Ada's " + name);
  }

  @Test
  void a_created_profile_can_be_found_by_name() {
    Profile created = repo.create(profile("team-a"));

    assertThat(repo.find("team-a")).contains(created);
    assertThat(repo.find("team-b")).isEmpty();
  }

  @Test
  void list_is_ordered_by_character_code_on_every_vendor() {
    // "a-c" sorts before "ab" by code ('-' < 'b'), but after it under e.g. en_US collation.
    for (String name : List.of("ab", "b", "a-c", "a1", "a")) {
      repo.create(profile(name));
    }

    assertThat(repo.list()).extracting(Profile::name).containsExactly("a", "a-c", "a1", "ab", "b");
  }

  @Test
  void list_of_an_empty_store_is_empty() {
    assertThat(repo.list()).isEmpty();
  }

  @Test
  void delete_removes_only_the_named_profile_and_says_whether_it_did() {
    repo.create(profile("keep"));
    repo.create(profile("drop"));

    assertThat(repo.delete("drop")).isTrue();
    assertThat(repo.delete("drop")).isFalse();
    assertThat(repo.list()).extracting(Profile::name).containsExactly("keep");
  }

  @Test
  void creating_a_duplicate_name_fails_and_keeps_the_first() {
    Profile first = repo.create(new Profile("team-a", "ada", "first", Instant.now()));

    assertThatThrownBy(() -> repo.create(new Profile("team-a", "bob", "second", Instant.now())))
        .isInstanceOf(AlreadyExistsException.class)
        .hasMessage("profile \"team-a\" already exists");
    assertThat(repo.list()).containsExactly(first);
  }

  @Test
  void create_if_absent_stores_once_and_then_leaves_the_profile_alone() {
    Profile first = new Profile("team-a", "ada", "first", Instant.now());

    assertThat(repo.createIfAbsent(first)).isTrue();
    assertThat(repo.createIfAbsent(new Profile("team-a", "bob", "second", Instant.now())))
        .isFalse();
    assertThat(repo.find("team-a")).contains(first);
  }

  @Test
  void an_invalid_name_is_rejected_before_anything_is_stored() {
    repo.create(profile("team-a"));

    assertThatThrownBy(() -> repo.create(profile("Team_B")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("profile name \"Team_B\"");
    assertThat(repo.list()).extracting(Profile::name).containsExactly("team-a");
  }

  @Test
  void lookups_by_an_invalid_name_find_nothing_and_delete_nothing() {
    repo.create(profile("team-a"));

    assertThat(repo.find("TEAM-A")).isEmpty();
    assertThat(repo.find("x'; DROP TABLE profile; --")).isEmpty();
    assertThat(repo.delete("Team-A")).isFalse();
    assertThat(repo.list()).hasSize(1);
  }

  @Test
  void timestamps_round_trip_to_the_microsecond_whatever_the_zone() {
    Instant early = Instant.parse("1999-12-31T23:59:59.999999Z");
    Instant precise = Instant.parse("2026-03-29T01:30:00.123456789Z"); // a DST switch in Europe
    repo.create(new Profile("early", "ada", "", early));
    repo.create(new Profile("precise", "ada", "", precise));

    assertThat(repo.find("early").orElseThrow().createdAt()).isEqualTo(early);
    assertThat(repo.find("precise").orElseThrow().createdAt())
        .isEqualTo(Instant.parse("2026-03-29T01:30:00.123456Z"));
  }

  @Test
  void all_fields_round_trip_including_unicode_and_limits() {
    String unicode = "Équipe 機械学習 🚀 ";
    Profile p =
        new Profile(
            "z".repeat(63),
            "o".repeat(Profile.MAX_OWNER_LENGTH),
            unicode + "d".repeat(Profile.MAX_DESCRIPTION_LENGTH - unicode.length()),
            Instant.now());
    assertThat(p.description()).hasSize(Profile.MAX_DESCRIPTION_LENGTH);

    repo.create(p);

    assertThat(repo.find(p.name())).contains(p);
  }

  @Test
  void a_closed_database_gives_a_one_line_store_exception() {
    Database other = openDatabase();
    other.close();

    assertThatThrownBy(() -> other.profiles().list())
        .isInstanceOf(StoreException.class)
        .hasMessageStartingWith("cannot list profiles: ")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }
}
