package io.vecbox.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
        assertThat(r.out()).contains("imported 7 rows into items (float[6]) from 2 files in 1 batch,");
        assertThat(countAndMax(db)).isEqualTo("n,m\r\n7,1002\r\n");
    }

    @Test
    void truncatedFvecsNamesFileAndRecordAndKeepsCommittedBatchesOfAnExistingDatabase() throws Exception {
        Path first = TestFiles.fvecs(dir.resolve("first.fvecs"), TestFiles.vectors(1, 4, 50));
        Path good = TestFiles.fvecs(dir.resolve("bad.fvecs"), TestFiles.vectors(5, 4, 0));
        byte[] bytes = Files.readAllBytes(good);
        Files.write(good, Arrays.copyOf(bytes, bytes.length - 6)); // cut into record 5
        Path db = dir.resolve("v.db");
        assertThat(Cli.run("import", "--db", db.toString(), "--table", "items", first.toString()).exit()).isZero();

        Cli.Result r = Cli.run("import", "--db", db.toString(), "--table", "items", "--batch", "2", good.toString());

        assertThat(r.exit()).as(r.toString()).isEqualTo(1);
        assertThat(r.err()).as(r.toString())
                .contains("vecbox: error: " + good + ": record 5: truncated")
                .contains("(loaded 4 rows (rowids 2..5) in 2 committed batches before it)")
                .doesNotContain("\tat ");
        assertThat(countAndMax(db)).isEqualTo("n,m\r\n5,5\r\n");
    }

    @Test
    void secondFileAppendsAfterTheTablesLargestRowid() throws Exception {
        Path a = TestFiles.fvecs(dir.resolve("a.fvecs"), TestFiles.vectors(5, 4, 0));
        Path b = TestFiles.fvecs(dir.resolve("b.fvecs"), TestFiles.vectors(3, 4, 100));
        Path db = dir.resolve("v.db");

        Cli.Result first = Cli.run("import", "--db", db.toString(), "--table", "items", a.toString());
        Cli.Result second = Cli.run("import", "--db", db.toString(), "--table", "items", b.toString());

        assertThat(first.exit()).as(first.toString()).isZero();
        assertThat(first.out()).as(first.toString())
                .contains("imported 5 rows into items (float[4]) from 1 file in 1 batch, rowids 1..5\n");
        assertThat(second.exit()).as(second.toString()).isZero();
        assertThat(second.out()).as(second.toString())
                .contains("imported 3 rows into items (float[4]) from 1 file in 1 batch, rowids 6..8 "
                        + "(appended: the table's largest rowid was 5; --start-id sets the first one)");
        assertThat(countAndMax(db)).isEqualTo("n,m\r\n8,8\r\n");
    }

    @Test
    void startIdSetsTheFirstRowid() throws Exception {
        Path a = TestFiles.fvecs(dir.resolve("a.fvecs"), TestFiles.vectors(1, 4, 0));
        Path db = dir.resolve("v.db");

        Cli.Result r = Cli.run("import", "--db", db.toString(), "--table", "items", "--start-id", "100", a.toString());

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).as(r.toString()).contains("imported 1 row into items (float[4]) from 1 file in 1 batch, "
                + "rowid 100\n");
        assertThat(countAndMax(db)).isEqualTo("n,m\r\n1,100\r\n");
    }

    @Test
    void summaryRateExcludesWorkerStart() throws Exception {
        Path a = TestFiles.fvecs(dir.resolve("a.fvecs"), TestFiles.vectors(20, 4, 0));

        Cli.Result r = Cli.run("import", "--db", dir.resolve("v.db").toString(), "--table", "items", a.toString());

        assertThat(r.exit()).as(r.toString()).isZero();
        Matcher m = Pattern.compile("took ([\\d.]+) s \\([\\d,]+ rows/s\\), plus ([\\d.]+) s to start the workers")
                .matcher(r.out());
        assertThat(m.find()).as(r.toString()).isTrue();
        // 20 rows in one transaction take milliseconds; two worker JVMs take a second or more
        assertThat(Double.parseDouble(m.group(1))).as(r.toString()).isLessThan(Double.parseDouble(m.group(2)));
    }

    @Test
    void jsonLinesFieldsGoIntoColumnsOfTheSameNameAndTheOthersAreNamedOnce() throws Exception {
        Path db = dir.resolve("v.db");
        Cli.Result create = Cli.runWithInput("create virtual table items using vec0(embedding float[2], year integer, "
                + "+title text, +tags text);\n", "shell", "--db", db.toString());
        assertThat(create.exit()).as(create.toString()).isZero();
        Path jsonl = Files.writeString(dir.resolve("m.jsonl"),
                "{\"id\": 1, \"embedding\": [1, 2], \"year\": 2020, \"title\": \"one\", \"colour\": \"red\"}\n"
                + "{\"id\": 2, \"embedding\": [3, 4], \"year\": 2021, \"TITLE\": \"two\", \"tags\": [\"a\", \"b\"], "
                + "\"colour\": \"blue\", \"size\": 3}\n");

        Cli.Result r = Cli.run("import", "--db", db.toString(), "--table", "items", jsonl.toString());
        Cli.Result rows = Cli.run("query", "--db", db.toString(), "--format", "csv",
                "select rowid, year, title, tags from items order by rowid");

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.err()).as(r.toString())
                .contains("vecbox: note: ignored the fields colour, size: table items has no columns of those names");
        assertThat(r.err().split("ignored the fields", -1)).as(r.toString()).hasSize(2);
        assertThat(rows.out()).as(rows.toString())
                .isEqualTo("rowid,year,title,tags\r\n1,2020,one,\r\n2,2021,two,\"[\"\"a\"\",\"\"b\"\"]\"\r\n");
    }

    @Test
    void emptyInputIsAnErrorAndCreatesNoDatabase() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty.jsonl"), "\n\n");
        Path emptyFvecs = Files.write(dir.resolve("empty.fvecs"), new byte[0]);
        Path db = dir.resolve("v.db");

        Cli.Result r = Cli.run("import", "--db", db.toString(), "--table", "items", "--dim", "4",
                empty.toString(), emptyFvecs.toString());

        assertThat(r.exit()).as(r.toString()).isEqualTo(1);
        assertThat(r.err()).as(r.toString()).contains("vecbox: error: no records in " + empty + ", " + emptyFvecs);
        assertThat(dir.resolve("v.db")).doesNotExist();
    }

    @Test
    void failedImportIntoANewDatabaseLeavesNoFileBehind() throws Exception {
        Path jsonl = Files.writeString(dir.resolve("bad.jsonl"), "{\"embedding\": [1, 2]}\n{\"embedding\": [3, 4]}\n"
                + "{\"embedding\": [5, 6]}\n{\"embedding\": [7, 8, 9]}\n{\"embedding\": [1, 1]}\n");
        Path db = dir.resolve("new.db");

        Cli.Result r = Cli.run("import", "--db", db.toString(), "--table", "items", "--batch", "2", jsonl.toString());

        assertThat(r.exit()).as(r.toString()).isEqualTo(1);
        assertThat(r.err()).as(r.toString()).contains(jsonl + ": record 4: wrong dimension 3, expected 2")
                .contains("removed the new database " + db);
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("bad.jsonl");
        }
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
                .contains("nothing was imported: removed the new database");
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
