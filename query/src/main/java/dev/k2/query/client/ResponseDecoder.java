package dev.k2.query.client;

import dev.k2.query.api.Cursor;
import dev.k2.query.api.ErrorCode;
import dev.k2.query.api.QueryException;
import dev.k2.query.api.TradeFields;
import dev.k2.query.protocol.BatchDecoder;
import dev.k2.query.protocol.FrameView;
import dev.k2.query.protocol.Frames;
import dev.k2.query.protocol.sbe.EndDecoder;
import dev.k2.query.protocol.sbe.ErrorDecoder;
import dev.k2.query.protocol.sbe.LogonAckDecoder;
import dev.k2.query.protocol.sbe.MessageHeaderDecoder;
import dev.k2.query.protocol.sbe.TradeBatchDecoder;
import io.netty.buffer.ByteBuf;
import java.util.List;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * What a client makes of the frames a server sends, for both clients: {@link K2Client} (on its event
 * loop) and {@link K2Connection} (on the caller's thread). Decodes one frame at a time into calls on
 * a {@link Receiver}, keeping the connection's instrument dictionary. One owner thread.
 */
final class ResponseDecoder {
    /** What the server said at logon. */
    record Session(int version, int maxFrameBytes, int maxInFlight, String serverInfo) {
    }

    /** The messages of the conversation ({@link Frames}), decoded. */
    interface Receiver {
        void logonAck(Session session);

        void rows(long requestId, List<Object> rows);

        void end(long requestId, long rowCount, Cursor next);

        /** A request failed; {@code requestId} 0: the connection did, and the server closes it. */
        void error(long requestId, QueryException error);

        /** Where a trade batch of {@code requestId} goes field by field, with no row objects; null: to {@link #rows}. */
        default TradeFields tradeFields(long requestId) {
            return null;
        }
    }

    private final FrameView frames = new FrameView(4096);
    private final MessageHeaderDecoder header = frames.header();
    private final UnsafeBuffer view = frames.buffer();
    private final LogonAckDecoder logonAck = new LogonAckDecoder();
    private final ErrorDecoder error = new ErrorDecoder();
    private final EndDecoder end = new EndDecoder();
    private final BatchDecoder batches = new BatchDecoder();

    /** Decodes a frame held by Netty (copied out first). Returns null, or what is wrong with it. */
    String decode(ByteBuf frame, Receiver receiver) {
        String problem = frames.wrap(frame);
        return problem != null ? problem : dispatch(receiver);
    }

    /** Decodes the first {@code length} bytes of {@code frame} where they lie. Returns null, or what is wrong with it. */
    String decode(byte[] frame, int length, Receiver receiver) {
        String problem = frames.wrap(frame, length);
        return problem != null ? problem : dispatch(receiver);
    }

    /**
     * Throws {@link IllegalStateException} or {@link IndexOutOfBoundsException} for a frame that
     * cannot be decoded (the connection is then unusable).
     */
    private String dispatch(Receiver receiver) {
        int template = header.templateId();
        int block = header.blockLength();
        int version = header.version();
        TradeFields direct;
        if (template == TradeBatchDecoder.TEMPLATE_ID
            && (direct = receiver.tradeFields(batches.tradeRequestId(header, view, 0))) != null) {
            batches.decodeTrades(header, view, 0, direct);
        } else if (BatchDecoder.isBatch(template)) {
            batches.decode(header, view, 0, receiver::rows);
        } else if (template == EndDecoder.TEMPLATE_ID) {
            EndDecoder d = end.wrap(view, Frames.HEADER_BYTES, block, version);
            long id = d.requestId();
            long rows = d.rowCount();
            int cursorLength = d.nextCursorLength();
            Cursor next = null;
            if (cursorLength > 0) {
                byte[] bytes = new byte[cursorLength];
                d.getNextCursor(bytes, 0, cursorLength);
                next = Cursor.fromBytes(bytes);
            } else {
                d.skipNextCursor();
            }
            receiver.end(id, rows, next);
        } else if (template == ErrorDecoder.TEMPLATE_ID) {
            ErrorDecoder d = error.wrap(view, Frames.HEADER_BYTES, block, version);
            long id = d.requestId();
            ErrorCode code = ErrorCode.of(d.code());
            receiver.error(id, new QueryException(code, d.message()));
        } else if (template == LogonAckDecoder.TEMPLATE_ID) {
            LogonAckDecoder d = logonAck.wrap(view, Frames.HEADER_BYTES, block, version);
            int v = d.version();
            int maxFrame = d.maxFrameBytes();
            int maxInFlight = d.maxInFlight();
            receiver.logonAck(new Session(v, maxFrame, maxInFlight, d.serverInfo()));
        } else {
            return "the server sent template " + template + ", which a client does not expect";
        }
        return null;
    }
}
