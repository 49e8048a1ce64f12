-- dorm migration 0001_init
-- follows: none
-- foreign-keys: on
-- changes:
--   create table notes

-- up
CREATE TABLE "notes" (
  "id" INTEGER PRIMARY KEY AUTOINCREMENT,
  "title" TEXT NOT NULL,
  "body" TEXT,
  "views" INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX "idx_notes_views" ON "notes" ("views");

-- down
DROP TABLE "notes";
