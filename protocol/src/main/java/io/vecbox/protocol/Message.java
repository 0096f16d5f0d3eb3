package io.vecbox.protocol;

/**
 * One protocol message: the payload of one frame. Every message type is a record in this
 * package; {@link MessageEncoder} and {@link MessageDecoder} turn them into MessagePack and back. See {@code PROTOCOL.md}
 * for the wire form of each.
 */
public sealed interface Message
        permits Hello, Configure, Ready, Request, Response {

    /** @return the wire name of this message's type, the value of its {@code type} field */
    String type();
}
