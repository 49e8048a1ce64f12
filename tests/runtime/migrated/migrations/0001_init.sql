-- dorm migration 0001_init
-- follows: none
-- foreign-keys: on
-- changes:
--   create table notebooks
--   create table pages

-- up
CREATE TABLE "notebooks" (
  "id" INTEGER PRIMARY KEY AUTOINCREMENT,
  "title" TEXT NOT NULL,
  "color" TEXT NOT NULL DEFAULT 'white'
);
CREATE TABLE "pages" (
  "id" INTEGER PRIMARY KEY AUTOINCREMENT,
  "notebook_id" INTEGER NOT NULL,
  "text" TEXT NOT NULL,
  FOREIGN KEY ("notebook_id") REFERENCES "notebooks" ("id") ON DELETE CASCADE
);
CREATE INDEX "idx_pages_notebook_id" ON "pages" ("notebook_id");

-- down
DROP TABLE "notebooks";
DROP TABLE "pages";
