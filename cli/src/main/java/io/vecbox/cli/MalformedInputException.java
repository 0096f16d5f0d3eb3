package io.vecbox.cli;

/** An input file holds a record the importer cannot load; the message names the file and record. */
final class MalformedInputException extends Exception {
    private static final long serialVersionUID = 1L;

    MalformedInputException(String message) {
        super(message);
    }
}
