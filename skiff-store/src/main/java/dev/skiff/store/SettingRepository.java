package dev.skiff.store;

import java.util.Optional;

/** Installation-wide facts kept as name/value pairs (e.g. that the examples were loaded once). */
public interface SettingRepository {

  Optional<String> get(String name);

  /**
   * Sets the value unless the setting exists.
   *
   * @return {@code true} when this call set it
   */
  boolean putIfAbsent(String name, String value);
}
