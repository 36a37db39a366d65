-- What ran each attempt of a container step, for people: "skiff-python-runtime 2.15.2+skiff.1.0.0",
-- "host kfp 2.9.0", "sdk-pip" (as compiled, pip and all) or "container" (the command as compiled).
-- Null for attempts stored before Skiff recorded it.
ALTER TABLE task_attempt ADD COLUMN runtime VARCHAR(255);
