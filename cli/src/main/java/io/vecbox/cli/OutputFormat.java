package io.vecbox.cli;

/** How query results are printed. */
enum OutputFormat {
    /** Aligned columns for people; blobs as {@code x'hex'}, abbreviated past 16 bytes. */
    table,
    /** RFC 4180: header row, CRLF line ends, fields quoted when needed; NULL empty, blobs base64. */
    csv,
    /** One JSON array of objects keyed by column; blobs as base64 strings. */
    json
}
