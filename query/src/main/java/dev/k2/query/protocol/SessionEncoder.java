package dev.k2.query.protocol;

import dev.k2.query.api.Cursor;
import dev.k2.query.api.ErrorCode;
import dev.k2.query.protocol.sbe.CancelEncoder;
import dev.k2.query.protocol.sbe.EndEncoder;
import dev.k2.query.protocol.sbe.ErrorEncoder;
import dev.k2.query.protocol.sbe.LogonAckEncoder;
import dev.k2.query.protocol.sbe.LogonEncoder;
import dev.k2.query.protocol.sbe.MessageHeaderEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Encodes the session messages (Logon, LogonAck, Error, Cancel, End) into frames. Owned by one
 * thread: it reuses one encoding buffer and one flyweight per message.
 */
public final class SessionEncoder {
    private static final int CAPACITY = Frames.LENGTH_FIELD_BYTES + Frames.HEADER_BYTES + 64 + 3 * (2 + Frames.MAX_STRING_BYTES);

    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[CAPACITY]);
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final LogonEncoder logon = new LogonEncoder();
    private final LogonAckEncoder logonAck = new LogonAckEncoder();
    private final ErrorEncoder error = new ErrorEncoder();
    private final CancelEncoder cancel = new CancelEncoder();
    private final EndEncoder end = new EndEncoder();

    public ByteBuf logon(ByteBufAllocator alloc, int minVersion, int maxVersion, String apiKey, String clientName) {
        logon.wrapAndApplyHeader(buffer, Frames.MESSAGE_OFFSET, header)
            .minVersion(minVersion).maxVersion(maxVersion)
            .apiKey(Strings.clip(apiKey)).clientName(Strings.clip(clientName));
        return Frames.frame(alloc, buffer, Frames.HEADER_BYTES + logon.encodedLength());
    }

    public ByteBuf logonAck(ByteBufAllocator alloc, int version, int maxFrameBytes, int maxInFlight, String serverInfo) {
        logonAck.wrapAndApplyHeader(buffer, Frames.MESSAGE_OFFSET, header)
            .version(version).maxFrameBytes(maxFrameBytes).maxInFlight(maxInFlight).serverInfo(Strings.clip(serverInfo));
        return Frames.frame(alloc, buffer, Frames.HEADER_BYTES + logonAck.encodedLength());
    }

    public ByteBuf error(ByteBufAllocator alloc, long requestId, ErrorCode code, String message) {
        error.wrapAndApplyHeader(buffer, Frames.MESSAGE_OFFSET, header)
            .requestId(requestId).code(code.code()).message(Strings.clip(message));
        return Frames.frame(alloc, buffer, Frames.HEADER_BYTES + error.encodedLength());
    }

    public ByteBuf cancel(ByteBufAllocator alloc, long requestId) {
        cancel.wrapAndApplyHeader(buffer, Frames.MESSAGE_OFFSET, header).requestId(requestId);
        return Frames.frame(alloc, buffer, Frames.HEADER_BYTES + cancel.encodedLength());
    }

    public ByteBuf end(ByteBufAllocator alloc, long requestId, long rowCount, Cursor next) {
        byte[] cursor = next == null ? new byte[0] : next.toBytes();
        end.wrapAndApplyHeader(buffer, Frames.MESSAGE_OFFSET, header)
            .requestId(requestId).rowCount(rowCount).putNextCursor(cursor, 0, cursor.length);
        return Frames.frame(alloc, buffer, Frames.HEADER_BYTES + end.encodedLength());
    }
}
