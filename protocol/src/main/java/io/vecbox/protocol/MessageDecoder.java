package io.vecbox.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.msgpack.core.MessagePackException;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.core.buffer.ArrayBufferInput;
import org.msgpack.core.buffer.InputStreamBufferInput;
import org.msgpack.core.buffer.MessageBufferInput;
import org.msgpack.value.ValueType;

/**
 * Turns one frame's payload into a {@link Message}, trusting nothing in it.
 *
 * <p>Every failure is a {@link ProtocolException}: malformed MessagePack, trailing bytes, a
 * missing or mistyped field, an unknown message type, nesting deeper than the protocol uses,
 * invalid UTF-8. Lengths announced inside the payload (strings, binaries, arrays, maps) are
 * checked against the bytes actually left before anything is allocated for them, so a hostile
 * payload cannot make the decoder allocate more than a small multiple of its own size.
 * Unknown fields are skipped, so newer peers can add fields.
 *
 * <p>A message is read into a generic tree of fields and then into its record, except a query
 * with exactly the fields a supervisor sends, which a worker reads for every request: that one is
 * read straight into its record, and anything the fast path does not take, valid or not, is
 * decoded the generic way from the start.
 *
 * <p>This class picks the input (a buffer, or a stream cut at the frame's end), builds the message
 * from the tree, holds the rows an execute-many leaves for later and lets go of large payloads; the
 * values are read by a {@link PayloadReader}, the query fast path is {@link QueryFastPath}.
 *
 * <p>The unpacker is reused across calls. Not thread-safe.
 */
public final class MessageDecoder {
    private static final byte[] NO_BYTES = new byte[0];
    private static final InputStream EMPTY_STREAM = InputStream.nullInputStream();
    /** Read-ahead of a stream decode: each read from the stream asks for up to this much. */
    private static final int STREAM_BUFFER_BYTES = 64 * 1024;

    private final ArrayBufferInput input = new ArrayBufferInput(NO_BYTES);
    private final PayloadReader values = new PayloadReader(input);
    /** For {@link #decode(InputStream, int)}; made on first use, its buffer kept. */
    private InputStreamBufferInput streamInput;
    /** Rows of an execute-many left in the payload by the last decode, until every one is taken. */
    private RowStream pending;
    /** Whether the pending rows come from a stream (else from an array). */
    private boolean pendingFromStream;

    /**
     * Decodes one payload.
     *
     * @param payload the buffer
     * @param offset where the payload starts
     * @param length its length
     * @return the message
     * @throws ProtocolException if the payload is not exactly one valid message
     */
    public Message decode(byte[] payload, int offset, int length) throws ProtocolException {
        return decode(payload, offset, length, false);
    }

    /**
     * @param rowsLater whether an execute-many whose {@code rows} come last is returned before
     *     they are decoded (see {@link #pending()}); the payload must then stay as it is until they are
     */
    Message decode(byte[] payload, int offset, int length, boolean rowsLater) throws ProtocolException {
        Query q = fastQuery(payload, offset, length);
        return q != null ? q : decodeGeneric(payload, offset, length, rowsLater);
    }

    /** The generic way only, without the query fast path (for tests that compare the two). */
    Message decodeGeneric(byte[] payload, int offset, int length, boolean rowsLater) throws ProtocolException {
        boolean done = true;
        try {
            input.reset(payload, offset, length);
            pendingFromStream = false;
            Message m = decodeTree(input, length, rowsLater);
            done = pending == null;
            return m;
        } catch (ProtocolException e) {
            throw e;
        } catch (IOException e) {
            // The input is an in-memory buffer: no I/O can fail.
            throw new java.io.UncheckedIOException(e);
        } finally {
            if (done && length > Protocol.KEEP_BUFFER_BYTES) {
                forget();
            }
        }
    }

    /**
     * Decodes one payload as it is read from a stream, without a buffer of its size: binaries
     * and strings are read into their own arrays, so a frame's bytes are copied once. The same
     * checks apply as to {@link #decode(byte[], int, int)}: announced lengths are checked
     * against the bytes left in the frame ({@code length}) before anything is allocated, so a
     * hostile frame costs no more than its (already limited) length.
     *
     * @param payload exactly the frame's payload: it must report end of stream after
     *     {@code length} bytes, since the decoder reads ahead (see {@link FrameReader#payloadStream})
     * @param length the payload's length
     * @return the message
     * @throws ProtocolException if the payload is not exactly one valid message
     * @throws IOException if reading the stream failed, e.g. an {@link java.io.EOFException} if it
     *     ended before {@code length} bytes
     */
    public Message decode(InputStream payload, int length) throws IOException {
        return decode(payload, length, false);
    }

    /**
     * @param rowsLater whether an execute-many whose {@code rows} come last is returned before
     *     they are read from the stream (see {@link #pending()})
     */
    Message decode(InputStream payload, int length, boolean rowsLater) throws IOException {
        if (streamInput == null) {
            streamInput = new InputStreamBufferInput(payload, STREAM_BUFFER_BYTES);
        } else {
            streamInput.reset(payload);
        }
        boolean done = true;
        try {
            pendingFromStream = true;
            Message m = decodeTree(streamInput, length, rowsLater);
            done = pending == null;
            return m;
        } finally {
            if (done) {
                endStream();
            }
        }
    }

    private void endStream() throws IOException {
        streamInput.reset(EMPTY_STREAM);
        forget();
    }

    /** @return the rows the last decode left in its payload, until every one is taken; else null */
    RowStream pending() {
        return pending;
    }

    /**
     * Decodes row {@code index} of the pending execute-many; after the last one, checks that the
     * payload ends there and lets go of it.
     */
    List<Object> nextRow(int index, boolean last) throws IOException {
        boolean ok = false;
        try {
            MessageUnpacker unpacker = values.unpacker();
            if (unpacker.getNextFormat().getValueType() != ValueType.ARRAY) {
                throw new ProtocolException(ExecuteMany.TYPE + ": field 'rows[" + index + "]' must be an array, got "
                        + unpacker.getNextFormat().getValueType().name().toLowerCase(java.util.Locale.ROOT));
            }
            @SuppressWarnings("unchecked")
            List<Object> row = (List<Object>) values.readValue(2);
            for (int i = 0; i < row.size(); i++) {
                Object v = row.get(i);
                if (v != null && !(v instanceof Long) && !(v instanceof Double) && !(v instanceof String)
                        && !(v instanceof byte[])) {
                    // The message is built here, not up front: every row of a bulk load would pay for it.
                    throw new ProtocolException(ExecuteMany.TYPE + ": field 'rows[" + index + "][" + i
                            + "]' must be nil, int, float, string or binary, got " + PayloadReader.describe(v));
                }
            }
            if (last) {
                values.checkEnd();
            }
            ok = true;
            return java.util.Collections.unmodifiableList(row);
        } catch (MessagePackException e) {
            throw new ProtocolException("malformed MessagePack: " + e.getMessage(), e);
        } finally {
            if (last || !ok) {
                pending = null;
                if (pendingFromStream) {
                    endStream();
                } else if (values.limit() > Protocol.KEEP_BUFFER_BYTES) {
                    forget();
                }
            }
        }
    }

    /** Drops the unpacker's reference to the last payload, so that a large one can be collected. */
    private void forget() {
        input.reset(NO_BYTES);
        try {
            values.start(input, 0);
        } catch (IOException e) {
            // Resetting to an in-memory input does no I/O.
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * @throws ProtocolException if the payload is malformed
     * @throws IOException if the input failed (only a stream input can)
     */
    private Message decodeTree(MessageBufferInput in, int length, boolean rowsLater) throws IOException {
        Object tree;
        try {
            values.start(in, length);
            if (rowsLater && values.unpacker().getNextFormat().getValueType() == ValueType.MAP) {
                tree = values.readMap(0, true);
            } else {
                tree = values.readValue(0);
            }
            if (values.pendingRows() < 0) {
                values.checkEnd();
            }
        } catch (MessagePackException e) {
            throw new ProtocolException("malformed MessagePack: " + e.getMessage(), e);
        }
        if (!(tree instanceof Map<?, ?> map)) {
            throw new ProtocolException("a message must be a map, got " + PayloadReader.describe(tree));
        }
        @SuppressWarnings("unchecked")
        Fields f = new Fields((Map<String, Object>) map);
        Message m = WireMessages.build(f);
        int pendingRows = values.pendingRows();
        if (pendingRows >= 0) {
            pending = new RowStream(this, (ExecuteMany) m, pendingRows);
            if (pendingRows == 0) {
                pending = null; // no rows: the frame must end here
                values.checkEnd();
            }
        }
        return m;
    }

    /**
     * The query fast path alone ({@link QueryFastPath#read}).
     *
     * @return the query, or null if the payload is anything else (valid or not)
     */
    Query fastQuery(byte[] payload, int offset, int length) {
        input.reset(payload, offset, length);
        return QueryFastPath.read(values, input, length);
    }
}
