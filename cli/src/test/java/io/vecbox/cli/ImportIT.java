package io.vecbox.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ImportIT {
    @TempDir
    Path dir;

    private String countAndMax(Path db) throws Exception {
        Cli.Result r = Cli.run("query", "--db", db.toString(), "--format", "csv",
                "select count(*) as n, max(rowid) as m from items");
        assertThat(r.exit()).as(r.toString()).isZero();
        return r.out();
    }

    @Test
    void fvecsFromTwoFilesContinuesPositionsAcrossFiles() throws Exception {
        Path a = TestFiles.fvecs(dir.resolve("a.fvecs"), TestFiles.vectors(5, 8, 0));
        Path b = TestFiles.fvecs(dir.resolve("b.fvecs"), TestFiles.vectors(3, 8, 100));
        Path db = dir.resolve("v.db");

        Cli.Result r = Cli.run("import", "--db", db.toString(), "--table", "items", "--batch", "2",
                a.toString(), b.toString());

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains("imported 8 rows into items (float[8]) from 2 files in 4 batches");
        assertThat(countAndMax(db)).isEqualTo("n,m\r\n8,8\r\n");
        // row 6 is the first vector of b.fvecs: its own nearest neighbour
        Cli.Result knn = Cli.run("query", "--db", db.toString(), "--format", "csv",
                "select rowid from items where embedding match ? and k = 1", Arrays.toString(TestFiles.vectors(3, 8, 100)[0]));
        assertThat(knn.out()).as(knn.toString()).isEqualTo("rowid\r\n6\r\n");
    }

    @Test
    void npyAndJsonLinesLoadIntoOneTable() throws Exception {
        Path npy = TestFiles.npy(dir.resolve("x.npy"), "<f4", TestFiles.vectors(4, 6, 0));
        Path jsonl = TestFiles.jsonl(dir.resolve("y.jsonl"), TestFiles.vectors(3, 6, 50), 1000);
        Path db = dir.resolve("v.db");

        Cli.Result r = Cli.run("import", "--db", db.toString(), "--table", "items", "--dim", "6",
                npy.toString(), jsonl.toString());

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains("imported 7 rows into items (float[6])");
        assertThat(countAndMax(db)).isEqualTo("n,m\r\n7,1002\r\n");
    }

    @Test
    void truncatedFvecsNamesFileAndRecordAndKeepsCommittedBatches() throws Exception {
        Path good = TestFiles.fvecs(dir.resolve("bad.fvecs"), TestFiles.vectors(5, 4, 0));
        byte[] bytes = Files.readAllBytes(good);
        Files.write(good, Arrays.copyOf(bytes, bytes.length - 6)); // cut into record 5
        Path db = dir.resolve("v.db");

        Cli.Result r = Cli.run("import", "--db", db.toString(), "--table", "items", "--batch", "2", good.toString());

        assertThat(r.exit()).as(r.toString()).isEqualTo(1);
        assertThat(r.err()).as(r.toString())
                .contains("vecbox: error: " + good + ": record 5: truncated")
                .contains("loaded 4 rows in 2 committed batches")
                .doesNotContain("\tat ");
        assertThat(countAndMax(db)).isEqualTo("n,m\r\n4,4\r\n");
    }

    @Test
    void npyWithFloat64IsRejectedWithTheDtype() throws Exception {
        Path npy = TestFiles.npy(dir.resolve("f8.npy"), "<f8", TestFiles.vectors(2, 4, 0));

        Cli.Result r = Cli.run("import", "--db", dir.resolve("v.db").toString(), "--table", "items", npy.toString());

        assertThat(r.exit()).as(r.toString()).isEqualTo(1);
        assertThat(r.err()).as(r.toString()).contains(npy + ": header: dtype '<f8' is not supported");
    }

    @Test
    void jsonLinesWithWrongDimensionOrBadJsonNameTheRecord() throws Exception {
        Path jsonl = dir.resolve("dim.jsonl");
        Files.writeString(jsonl, "{\"id\": 1, \"embedding\": [1, 2, 3]}\n{\"id\": 2, \"embedding\": [1, 2, 3]}\n"
                + "{\"id\": 3, \"embedding\": [1, 2]}\n");
        Path broken = dir.resolve("broken.jsonl");
        Files.writeString(broken, "{\"id\": 1, \"embedding\": [1, 2, 3]}\n{\"id\": 2, \"embedding\": [1, 2,\n");

        Cli.Result r = Cli.run("import", "--db", dir.resolve("v.db").toString(), "--table", "items", jsonl.toString());
        Cli.Result r2 = Cli.run("import", "--db", dir.resolve("w.db").toString(), "--table", "items", broken.toString());

        assertThat(r.exit()).as(r.toString()).isEqualTo(1);
        assertThat(r.err()).as(r.toString()).contains(jsonl + ": record 3: wrong dimension 2, expected 3")
                .contains("loaded 0 rows");
        assertThat(r2.exit()).as(r2.toString()).isEqualTo(1);
        assertThat(r2.err()).as(r2.toString()).contains(broken + ": record 2: bad JSON");
    }

    @Test
    void unknownExtensionIsAUsageError() throws Exception {
        Path csv = Files.writeString(dir.resolve("x.csv"), "1,2\n");

        Cli.Result r = Cli.run("import", "--db", dir.resolve("v.db").toString(), "--table", "items", csv.toString());

        assertThat(r.exit()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).contains("unknown input format");
    }
}
