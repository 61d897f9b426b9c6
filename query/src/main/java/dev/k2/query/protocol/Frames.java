package dev.k2.query.protocol;

import dev.k2.query.protocol.sbe.MessageHeaderDecoder;
import dev.k2.query.protocol.sbe.MessageHeaderEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.ByteOrder;
import org.agrona.MutableDirectBuffer;

/**
 * The frame of the K2 query protocol: every message, in both directions, is one frame.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |              length (int32 LE) = 8 + body bytes                |  LENGTH_FIELD_BYTES
 *  +-------------------------------+-------------------------------+
 *  |      blockLength (uint16)     |       templateId (uint16)     |  SBE message header,
 *  +-------------------------------+-------------------------------+  HEADER_BYTES
 *  |       schemaId (uint16)       |        version (uint16)       |
 *  +-------------------------------+-------------------------------+
 *  |  body: root block (blockLength bytes), repeating groups,      |
 *  |  var data, as laid out by src/main/resources/sbe/k2-query.xml  |
 *  +---------------------------------------------------------------+
 * </pre>
 *
 * <p>The length counts the header and the body, not itself. Each side enforces its own maximum on
 * what it receives: a length above it (the server answers {@code Error FRAME_TOO_LARGE}) or below
 * {@link #HEADER_BYTES} (a malformed frame) closes the connection. The server announces its limit
 * in {@code LogonAck.maxFrameBytes}; the frames it sends stay under its configured batch size plus
 * one row.
 *
 * <p>The conversation:
 * <pre>
 *  client                                  server
 *  Logon(minVersion, maxVersion, apiKey) ─▶
 *                                        ◀─ LogonAck(version, limits)  | Error(0, code) + close
 *  XxxRequest(requestId, ...)           ─▶                              (several in flight)
 *                                        ◀─ InstrumentDefinition(id, venue, symbol)  (once per id)
 *                                        ◀─ TradeBatch/QuoteBatch/BarBatch/...(requestId, rows)
 *                                        ◀─ End(requestId, rowCount, nextCursor) | Error(requestId, code)
 *  Cancel(requestId)                    ─▶
 *                                        ◀─ Error(requestId, CANCELLED)  (unless End went first)
 * </pre>
 * Request ids are chosen by the client (positive, unique among its requests in flight). Batches of
 * different requests interleave; each request's frames arrive in order. {@code Error} with request
 * id 0 concerns the connection, which the server then closes. A subscription never sends End.
 *
 * <p>Versions: the client offers {@code [minVersion, maxVersion]}; the server picks the highest
 * version both speak or refuses with {@code UNSUPPORTED_VERSION}. The SBE header's {@code version}
 * is the schema version the sender encoded with; receivers decode older and newer blocks with the
 * header's blockLength (SBE's extension rules).
 */
public final class Frames {
    /** Bytes of the length prefix. */
    public static final int LENGTH_FIELD_BYTES = 4;
    /** Bytes of the SBE message header. */
    public static final int HEADER_BYTES = MessageHeaderEncoder.ENCODED_LENGTH;
    /** Where the SBE header starts in an encoding buffer: after the length prefix. */
    public static final int MESSAGE_OFFSET = LENGTH_FIELD_BYTES;
    public static final int SCHEMA_ID = MessageHeaderEncoder.SCHEMA_ID;
    /** Protocol versions this build speaks. */
    public static final int MIN_VERSION = 1;
    public static final int MAX_VERSION = MessageHeaderEncoder.SCHEMA_VERSION;
    /** Default limit on a received frame. */
    public static final int DEFAULT_MAX_FRAME_BYTES = 1 << 20;
    /** Longest string field in bytes (schema's varStringEncoding maxValue). */
    public static final int MAX_STRING_BYTES = 4096;

    private Frames() {
    }

    /**
     * Writes the length prefix for a message of {@code messageBytes} (header + body) encoded at
     * {@link #MESSAGE_OFFSET} of {@code buffer}, and copies the whole frame into a new buffer.
     */
    public static ByteBuf frame(ByteBufAllocator alloc, MutableDirectBuffer buffer, int messageBytes) {
        buffer.putInt(0, messageBytes, ByteOrder.LITTLE_ENDIAN);
        int total = LENGTH_FIELD_BYTES + messageBytes;
        return alloc.buffer(total, total).writeBytes(buffer.byteArray(), 0, total);
    }

    /** Why a received header is unacceptable, or {@code null} when it is fine for a message of {@code messageBytes}. */
    public static String checkHeader(MessageHeaderDecoder header, int messageBytes) {
        if (header.schemaId() != SCHEMA_ID) {
            return "schema id " + header.schemaId() + " is not K2's query schema " + SCHEMA_ID;
        }
        if (header.blockLength() > messageBytes - HEADER_BYTES) {
            return "block length " + header.blockLength() + " exceeds the frame's " + (messageBytes - HEADER_BYTES)
                + " body bytes";
        }
        return null;
    }
}
