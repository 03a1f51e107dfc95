package org.citywall.collector;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import java.io.IOException;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the last handler of a connection does with errors: count and close, one log line without a stack
 * trace for what a peer can cause (resets, TLS junk), a stack trace only for what is our own bug.
 */
final class ConnectionErrors {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionErrors.class);

    private ConnectionErrors() {}

    /** Counts a failed TLS handshake (junk, wrong version, missing or untrusted client certificate). */
    static boolean handshake(ChannelHandlerContext ctx, Object evt, InputContext input) {
        if (evt instanceof SslHandshakeCompletionEvent done && !done.isSuccess()) {
            input.metrics.rejected("tls");
            LOG.info("event=tls_handshake_failed input={} peer={} error=\"{}\"", input.name(),
                    ctx.channel().remoteAddress(), rootMessage(done.cause()));
            ctx.close();
            return true;
        }
        return false;
    }

    static void caught(ChannelHandlerContext ctx, Throwable cause, InputContext input) {
        if (isTls(cause)) {
            // counted by handshake(); after a handshake a TLS error is a broken record from the peer
            LOG.debug("event=tls_error input={} peer={} error=\"{}\"", input.name(), ctx.channel().remoteAddress(),
                    rootMessage(cause));
        } else if (cause instanceof IOException) {
            LOG.debug("event=connection_error input={} peer={} error=\"{}\"", input.name(),
                    ctx.channel().remoteAddress(), rootMessage(cause));
        } else {
            input.metrics.rejected("error");
            LOG.warn("event=connection_failed input={} peer={}", input.name(), ctx.channel().remoteAddress(), cause);
        }
        ctx.close();
    }

    private static boolean isTls(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof SSLException || c instanceof io.netty.handler.ssl.NotSslRecordException) {
                return true;
            }
        }
        return false;
    }

    static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = root.getMessage();
        return (m == null ? root.getClass().getSimpleName() : m).replace('"', '\'');
    }
}
