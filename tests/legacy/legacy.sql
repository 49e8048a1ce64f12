-- A legacy database in the styles real SQLite files use, written by hand (not by dorm):
-- PascalCase and camelCase names, SQL and C++ keywords as names, a space in a column name,
-- NVARCHAR(n), NUMERIC(10,2), DATETIME and BOOLEAN declared types, `INTEGER NOT NULL PRIMARY KEY`
-- and a table-constraint primary key, a composite key of two foreign keys, a self-reference,
-- a text key referenced by a text column, a REFERENCES without a column, a quoted number as the
-- default of a NUMERIC column, and hand-made values (an integer in a DATETIME column).
-- tests/legacy/introspect_and_migrate.cmake introspects it.
CREATE TABLE [Artist] (
  [ArtistId] INTEGER NOT NULL,
  [Name] NVARCHAR(120),
  CONSTRAINT [PK_Artist] PRIMARY KEY ([ArtistId])
);
CREATE TABLE [Album] (
  [AlbumId] INTEGER NOT NULL PRIMARY KEY,
  [Title] NVARCHAR(160) NOT NULL,
  [ArtistId] INTEGER NOT NULL,
  FOREIGN KEY ([ArtistId]) REFERENCES [Artist] ([ArtistId]) ON DELETE NO ACTION ON UPDATE NO ACTION
);
CREATE INDEX [IFK_AlbumArtistId] ON [Album] ([ArtistId]);
CREATE TABLE "mediaType" (
  "mediaTypeId" INTEGER PRIMARY KEY,
  "name" VARCHAR(120)
);
CREATE TABLE Genre (
  Code NVARCHAR(10) NOT NULL PRIMARY KEY,
  Name NVARCHAR(120)
);
CREATE TABLE [Track] (
  [TrackId] INTEGER NOT NULL PRIMARY KEY,
  [Name] NVARCHAR(200) NOT NULL,
  [AlbumId] INTEGER REFERENCES [Album] ([AlbumId]) ON DELETE SET NULL,
  [MediaTypeId] INTEGER NOT NULL REFERENCES "mediaType" ("mediaTypeId"),
  [GenreCode] NVARCHAR(10) REFERENCES Genre (Code),
  [Milliseconds] INTEGER NOT NULL,
  [Bytes] INTEGER,
  [UnitPrice] NUMERIC(10,2) NOT NULL DEFAULT 0.99
);
CREATE INDEX [IFK_TrackAlbumId] ON [Track] ([AlbumId]);
CREATE TABLE [Employee] (
  [EmployeeId] INTEGER NOT NULL PRIMARY KEY,
  [LastName] NVARCHAR(20) NOT NULL,
  [FirstName] NVARCHAR(20) NOT NULL,
  [ReportsTo] INTEGER REFERENCES [Employee] ([EmployeeId]),
  [HireDate] DATETIME,
  [Email] NVARCHAR(60) UNIQUE
);
CREATE TABLE [Customer] (
  [CustomerId] INTEGER NOT NULL PRIMARY KEY,
  [FirstName] NVARCHAR(40) NOT NULL,
  [Email] NVARCHAR(60) NOT NULL,
  [SupportRepId] INTEGER REFERENCES [Employee] ([EmployeeId]),
  [Active] BOOLEAN NOT NULL DEFAULT 1
);
CREATE TABLE [Invoice] (
  [InvoiceId] INTEGER NOT NULL PRIMARY KEY,
  [CustomerId] INTEGER NOT NULL REFERENCES [Customer] ([CustomerId]),
  [InvoiceDate] DATETIME NOT NULL,
  [BillingCity] NVARCHAR(40),
  [Total] NUMERIC(10,2) NOT NULL,
  [Discount] NUMERIC(10,2) NOT NULL DEFAULT '0.50'
);
CREATE TABLE [Playlist] (
  [PlaylistId] INTEGER NOT NULL PRIMARY KEY,
  [Name] NVARCHAR(120)
);
CREATE TABLE [PlaylistTrack] (
  [PlaylistId] INTEGER NOT NULL,
  [TrackId] INTEGER NOT NULL,
  CONSTRAINT [PK_PlaylistTrack] PRIMARY KEY ([PlaylistId], [TrackId]),
  FOREIGN KEY ([PlaylistId]) REFERENCES [Playlist] ([PlaylistId]),
  FOREIGN KEY ([TrackId]) REFERENCES [Track] ([TrackId])
);
CREATE INDEX [IFK_PlaylistTrackTrackId] ON [PlaylistTrack] ([TrackId]);
CREATE TABLE "order" (
  "id" INTEGER PRIMARY KEY AUTOINCREMENT,
  "InvoiceId" INTEGER REFERENCES Invoice ON DELETE CASCADE,
  "Quantity" INTEGER NOT NULL DEFAULT 1
);
CREATE TABLE "class" (
  "id" INTEGER PRIMARY KEY,
  "Order" INTEGER NOT NULL DEFAULT 0,
  "delete" TEXT,
  "first name" TEXT
);

INSERT INTO Artist VALUES (1, 'AC/DC'), (2, 'Accept'), (3, NULL);
INSERT INTO Album VALUES (1, 'For Those About To Rock', 1), (2, 'Balls to the Wall', 2), (3, 'Restless and Wild', 2);
INSERT INTO mediaType VALUES (1, 'MPEG audio file'), (2, 'AAC audio file');
INSERT INTO Genre VALUES ('ROCK', 'Rock'), ('METAL', 'Metal');
INSERT INTO Track VALUES
  (1, 'For Those About To Rock (We Salute You)', 1, 1, 'ROCK', 343719, 11170334, 0.99),
  (2, 'Balls to the Wall', 2, 2, 'METAL', 342562, 5510424, 0.99),
  (3, 'Fast As a Shark', 3, 2, NULL, 230619, NULL, 1.99),
  (4, 'Restless and Wild', NULL, 1, 'METAL', 252051, 4331779, 0.99);
INSERT INTO Employee VALUES
  (1, 'Adams', 'Andrew', NULL, '2002-08-14 00:00:00', 'andrew@chinookcorp.com'),
  (2, 'Edwards', 'Nancy', 1, '2002-05-01 00:00:00', 'nancy@chinookcorp.com'),
  (3, 'Peacock', 'Jane', 2, 2024, NULL);
INSERT INTO Customer VALUES
  (1, 'Luís', 'luisg@embraer.com.br', 3, 1),
  (2, 'Leonie', 'leonekohler@surfeu.de', 3, 0),
  (3, 'François', 'ftremblay@gmail.com', NULL, 1);
INSERT INTO Invoice (InvoiceId, CustomerId, InvoiceDate, BillingCity, Total) VALUES
  (1, 2, '2009-01-01 00:00:00', 'Stuttgart', 1.98),
  (2, 1, '2009-01-02 00:00:00', NULL, 3.96),
  (3, 3, '2009-01-03 00:00:00', 'Montréal', 5);
INSERT INTO Playlist VALUES (1, 'Music'), (2, 'Heavy Metal Classic'), (3, 'Empty');
INSERT INTO PlaylistTrack VALUES (1, 1), (1, 2), (1, 3), (2, 2), (2, 3);
INSERT INTO "order" ("InvoiceId", "Quantity") VALUES (1, 2), (1, 1), (3, 5);
INSERT INTO "class" VALUES (1, 3, 'soft', 'Ada'), (2, 0, NULL, NULL);
