package io.vecbox.protocol;

/** A message from a worker that answers the request with the same {@link #id()}. */
public sealed interface Response extends Message permits Result, ErrorReply, Pong, Description, Rows, Part {

    /** @return the id of the request answered */
    long id();
}
