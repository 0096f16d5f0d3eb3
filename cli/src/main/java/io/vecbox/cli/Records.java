package io.vecbox.cli;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The records of several input files, one after the other, as one stream: what {@code vecbox
 * import} reads. Counts positions across files (the rowid of a record without an id) and bytes
 * read, for progress. Not thread-safe.
 */
final class Records implements Closeable {
    private final List<Path> files;
    private int next;
    private VectorSource source;
    private long bytesOfClosedFiles;
    private long position;

    /** @param files the inputs, read in this order */
    Records(List<Path> files) {
        this.files = List.copyOf(files);
    }

    /**
     * @return the next record of the current or a later file, or null after the last one
     * @throws MalformedInputException naming the file and record if one cannot be read
     * @throws IOException if a file cannot be read
     */
    VectorSource.Entry next() throws IOException, MalformedInputException {
        while (true) {
            if (source == null) {
                if (next == files.size()) {
                    return null;
                }
                source = VectorSource.open(files.get(next++));
            }
            VectorSource.Entry e = source.next();
            if (e != null) {
                position++;
                return e;
            }
            bytesOfClosedFiles += source.bytesRead();
            source.close();
            source = null;
        }
    }

    /** @return the 1-based position of the last record returned, counted across files */
    long position() {
        return position;
    }

    /** @return bytes read so far, over all files */
    long bytesRead() {
        return bytesOfClosedFiles + (source == null ? 0 : source.bytesRead());
    }

    /** @return the file the last record came from */
    Path file() {
        return files.get(Math.max(0, next - 1));
    }

    /** @return the record number of the last record within its file */
    long recordNumber() {
        return source == null ? 0 : source.recordNumber();
    }

    @Override
    public void close() throws IOException {
        if (source != null) {
            source.close();
            source = null;
        }
    }
}
