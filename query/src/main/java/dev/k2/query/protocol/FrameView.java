package dev.k2.query.protocol;

import dev.k2.query.protocol.sbe.MessageHeaderDecoder;
import io.netty.buffer.ByteBuf;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A received frame as an SBE buffer, for both ends: the frame is copied out of Netty's buffer into
 * a reused array (grown as needed), or wrapped where it lies in an array, and its message header is
 * read and checked. One owner thread.
 */
public final class FrameView {
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[0]);
    private byte[] scratch;

    public FrameView(int initialBytes) {
        scratch = new byte[Math.max(16, initialBytes)];
    }

    /** Wraps the frame's readable bytes; returns null, or what is wrong with its header ({@link Frames#checkHeader}). */
    public String wrap(ByteBuf frame) {
        int length = frame.readableBytes();
        if (scratch.length < length) {
            scratch = new byte[Math.max(length, scratch.length * 2)];
        }
        frame.getBytes(frame.readerIndex(), scratch, 0, length);
        buffer.wrap(scratch, 0, length);
        header.wrap(buffer, 0);
        return Frames.checkHeader(header, length);
    }

    /** Wraps {@code length} bytes of {@code frame} (header first) in place, no copy; as {@link #wrap(ByteBuf)}. */
    public String wrap(byte[] frame, int length) {
        buffer.wrap(frame, 0, length);
        header.wrap(buffer, 0);
        return Frames.checkHeader(header, length);
    }

    /** The header of the frame last wrapped. */
    public MessageHeaderDecoder header() {
        return header;
    }

    /** The frame last wrapped, header included. */
    public UnsafeBuffer buffer() {
        return buffer;
    }
}
