package dev.k2.query.protocol;

import dev.k2.query.api.ErrorCode;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Splits the byte stream into frames ({@link Frames}): emits one retained {@link ByteBuf} per
 * message (SBE header + body, the length prefix removed), or, once, a {@link Failure} when a length
 * is out of bounds, after which it discards everything it receives. Used by both ends.
 */
public final class FrameDecoder extends ByteToMessageDecoder {
    /** A frame that cannot be read: the connection must close. */
    public record Failure(ErrorCode code, String message) {
    }

    private final int maxFrameBytes;
    private boolean failed;

    public FrameDecoder(int maxFrameBytes) {
        if (maxFrameBytes < Frames.HEADER_BYTES) {
            throw new IllegalArgumentException("max frame bytes " + maxFrameBytes + " is below the header size");
        }
        this.maxFrameBytes = maxFrameBytes;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        if (in.readableBytes() < Frames.LENGTH_FIELD_BYTES) {
            return;
        }
        int length = in.getIntLE(in.readerIndex());
        if (length > maxFrameBytes || length < 0) {
            fail(in, out, new Failure(ErrorCode.FRAME_TOO_LARGE, "frame of " + Integer.toUnsignedLong(length)
                + " bytes exceeds the limit of " + maxFrameBytes + " bytes"));
            return;
        }
        if (length < Frames.HEADER_BYTES) {
            fail(in, out, new Failure(ErrorCode.BAD_REQUEST, "frame of " + length
                + " bytes is shorter than the " + Frames.HEADER_BYTES + "-byte message header"));
            return;
        }
        if (in.readableBytes() < Frames.LENGTH_FIELD_BYTES + length) {
            return;
        }
        in.skipBytes(Frames.LENGTH_FIELD_BYTES);
        out.add(in.readRetainedSlice(length));
    }

    private void fail(ByteBuf in, List<Object> out, Failure failure) {
        failed = true;
        in.skipBytes(in.readableBytes());
        out.add(failure);
    }
}
