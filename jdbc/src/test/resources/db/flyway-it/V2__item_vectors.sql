-- sqlite-vec's virtual table: the KNN index over the items' embeddings (rowid = items.id).
CREATE VIRTUAL TABLE item_vectors USING vec0(embedding float[4]);
