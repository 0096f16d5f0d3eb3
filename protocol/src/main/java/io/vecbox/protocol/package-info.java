/**
 * The wire protocol between a vecbox supervisor and its worker processes: length-prefixed
 * MessagePack frames ({@link io.vecbox.protocol.FrameReader}, {@link io.vecbox.protocol.FrameWriter}),
 * the message records under {@link io.vecbox.protocol.Message}, their codec
 * ({@link io.vecbox.protocol.MessageEncoder}, {@link io.vecbox.protocol.MessageDecoder}) and
 * the value types ({@link io.vecbox.protocol.Values}). {@code PROTOCOL.md} in this module is the
 * complete specification.
 */
package io.vecbox.protocol;
