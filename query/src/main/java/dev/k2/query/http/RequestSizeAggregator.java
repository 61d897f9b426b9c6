package dev.k2.query.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;

/**
 * Aggregates each request and, for a body over the limit, passes a {@link Oversized} marker down the
 * pipeline instead of answering itself, so the 413 goes out in request order and in the API's error
 * envelope.
 */
final class RequestSizeAggregator extends HttpObjectAggregator {
    /** Stands for a request whose body was over the limit; its bytes were dropped. */
    record Oversized(int maxBodyBytes) {
    }

    private final int maxBodyBytes;

    RequestSizeAggregator(int maxBodyBytes) {
        super(maxBodyBytes);
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
        ctx.fireChannelRead(new Oversized(maxBodyBytes));
    }
}
