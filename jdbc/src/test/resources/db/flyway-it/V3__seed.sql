INSERT INTO items (id, name, price) VALUES (1, 'north', 1.50), (2, 'east', 2.25), (3, 'south', 3.00), (4, 'west', 4.75);
-- vec0 takes a vector as JSON text as well as a float32 blob.
INSERT INTO item_vectors (rowid, embedding) VALUES
    (1, '[0, 1, 0, 0]'),
    (2, '[1, 0, 0, 0]'),
    (3, '[0, -1, 0, 0]'),
    (4, '[-1, 0, 0, 0]');
