-- Test only: stands in for a migration that a newer Skiff build applied to the database.
CREATE TABLE from_a_newer_skiff (id INT);
