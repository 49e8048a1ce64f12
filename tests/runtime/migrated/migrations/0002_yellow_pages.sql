-- dorm migration 0002_yellow_pages
-- follows: 0001_init
-- foreign-keys: off
-- changes:
--   rename column pages.text to body
--   rebuild table notebooks (change the default of notebooks.color)
--   add column pages.words

-- up
ALTER TABLE "pages" RENAME COLUMN "text" TO "body";
PRAGMA defer_foreign_keys = ON;
CREATE TABLE "dorm_new_notebooks" (
  "id" INTEGER PRIMARY KEY AUTOINCREMENT,
  "title" TEXT NOT NULL,
  "color" TEXT NOT NULL DEFAULT 'yellow'
);
INSERT INTO "dorm_new_notebooks" ("id", "title", "color") SELECT "id", "title", "color" FROM "notebooks";
DROP TABLE "notebooks";
ALTER TABLE "dorm_new_notebooks" RENAME TO "notebooks";
ALTER TABLE "pages" ADD COLUMN "words" INTEGER NOT NULL DEFAULT 0;

-- down
ALTER TABLE "pages" RENAME COLUMN "body" TO "text";
PRAGMA defer_foreign_keys = ON;
CREATE TABLE "dorm_new_notebooks" (
  "id" INTEGER PRIMARY KEY AUTOINCREMENT,
  "title" TEXT NOT NULL,
  "color" TEXT NOT NULL DEFAULT 'white'
);
INSERT INTO "dorm_new_notebooks" ("id", "title", "color") SELECT "id", "title", "color" FROM "notebooks";
DROP TABLE "notebooks";
ALTER TABLE "dorm_new_notebooks" RENAME TO "notebooks";
PRAGMA defer_foreign_keys = ON;
CREATE TABLE "dorm_new_pages" (
  "id" INTEGER PRIMARY KEY AUTOINCREMENT,
  "notebook_id" INTEGER NOT NULL,
  "text" TEXT NOT NULL,
  FOREIGN KEY ("notebook_id") REFERENCES "notebooks" ("id") ON DELETE CASCADE
);
INSERT INTO "dorm_new_pages" ("id", "notebook_id", "text") SELECT "id", "notebook_id", "text" FROM "pages";
DROP TABLE "pages";
ALTER TABLE "dorm_new_pages" RENAME TO "pages";
CREATE INDEX "idx_pages_notebook_id" ON "pages" ("notebook_id");
