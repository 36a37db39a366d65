-- An experiment's runs filtered on their state (the KFP UI's and kfp.Client's usual list): the page
-- and its total_size count are one range of this index. With only (experiment_id, created_at, id),
-- H2 read every run of the experiment from the table to test its state, for the count on every
-- page: thousands of random table pages, each decoded whole (hundreds of MB of garbage per second
-- under a steady list load, and young-collection pauses that formed the list's tail).
CREATE INDEX run_experiment_state_ix ON run (experiment_id, state, created_at, id);
