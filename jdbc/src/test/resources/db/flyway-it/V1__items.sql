-- A plain table and its index, in the form migration scripts for SQLite usually take.
CREATE TABLE items (
    id    INTEGER PRIMARY KEY,
    name  TEXT    NOT NULL,
    price NUMERIC(10,2)
);
CREATE INDEX items_name ON items(name);
