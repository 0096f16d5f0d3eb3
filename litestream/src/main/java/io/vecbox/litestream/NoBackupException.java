package io.vecbox.litestream;

import java.util.List;

/**
 * A restore found no backup at the replica URL: nothing was ever replicated there (the primary's
 * Litestream has not synced yet, or the URL is wrong). The output file was not created.
 */
public final class NoBackupException extends LitestreamException {
    private static final long serialVersionUID = 1L;

    private final String replicaUrl;

    /**
     * @param replicaUrl the replica URL that holds no backup
     * @param command the restore command
     * @param outputTail what it printed
     */
    public NoBackupException(String replicaUrl, List<String> command, String outputTail) {
        super("no backup at " + replicaUrl + " yet: nothing has been replicated there (is the primary's "
                + "replicator running and has it synced once? is the URL right?)", command, 1, outputTail);
        this.replicaUrl = replicaUrl;
    }

    /** @return the replica URL */
    public String replicaUrl() {
        return replicaUrl;
    }
}
