-- dorm migration 0001_init
-- follows: none
-- foreign-keys: on
-- changes:
--   create table counters

-- up
CREATE TABLE "counters" (
  "id" INTEGER PRIMARY KEY AUTOINCREMENT,
  "key" TEXT NOT NULL UNIQUE,
  "value" INTEGER NOT NULL DEFAULT 0
);

-- down
DROP TABLE "counters";
