package io.herald.broker.listener;

import io.herald.broker.BrokerMetrics;
import io.herald.broker.handler.MqttPipeline;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.ssl.SslHandshakeTimeoutException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sits behind a listener's {@link SslHandler} until the handshake ends: on success it records the
 * verified client certificate on the channel ({@link MqttPipeline#CLIENT_CERTIFICATE}) and steps
 * aside; on failure it logs one line naming the listener, the remote address and the reason, counts it
 * in {@code herald.tls.refused}, and closes. Refused client certificates are logged as warnings, other
 * failed handshakes (port scans, clients that distrust the server) at info.
 *
 * <p>Threads: one instance per connection, on its event loop.
 */
final class TlsHandshake extends ChannelInboundHandlerAdapter {

    static final String HANDLER_NAME = "tlsHandshake";

    private static final Logger log = LoggerFactory.getLogger(TlsHandshake.class);

    private final String listener;
    private final BrokerMetrics metrics;

    TlsHandshake(String listener, BrokerMetrics metrics) {
        this.listener = listener;
        this.metrics = metrics;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (!(evt instanceof SslHandshakeCompletionEvent done)) {
            ctx.fireUserEventTriggered(evt);
            return;
        }
        if (done.isSuccess()) {
            SslHandler ssl = ctx.pipeline().get(SslHandler.class);
            List<X509Certificate> chain = peerChain(ssl);
            if (!chain.isEmpty()) {
                ctx.channel().attr(MqttPipeline.CLIENT_CERTIFICATE).set(Certificates.identity(chain));
            }
            ctx.pipeline().remove(this);
            return;
        }
        refused(ctx, done.cause());
        ctx.close();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof DecoderException && cause.getCause() instanceof javax.net.ssl.SSLException) {
            // the handshake event that follows says why; the stack trace adds nothing
            return;
        }
        ctx.fireExceptionCaught(cause);
    }

    private void refused(ChannelHandlerContext ctx, Throwable cause) {
        String remote = MqttListener.describe(ctx.channel().remoteAddress());
        CertificateRefusal refusal = find(cause);
        if (refusal != null) {
            metrics.tlsRefused(listener, refusal.reason().tag());
            log.warn("{} {} refused: {}", listener, remote, refusal.getMessage());
            return;
        }
        String message = String.valueOf(cause.getMessage());
        if (message.contains("Empty client certificate chain") || message.contains("Empty server certificate chain")) {
            metrics.tlsRefused(listener, CertificateRefusal.Reason.MISSING.tag());
            log.warn("{} {} refused: no client certificate, and this listener requires one", listener, remote);
        } else if (cause instanceof SslHandshakeTimeoutException) {
            metrics.tlsRefused(listener, "timeout");
            log.info("{} {} refused: TLS handshake not done in time", listener, remote);
        } else if (cause instanceof NotSslRecordException || cause.getCause() instanceof NotSslRecordException) {
            metrics.tlsRefused(listener, "not_tls");
            log.info("{} {} refused: not a TLS connection", listener, remote);
        } else {
            metrics.tlsRefused(listener, "handshake");
            log.info("{} {} refused: TLS handshake failed: {}", listener, remote, message);
        }
    }

    private static CertificateRefusal find(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof CertificateRefusal r) {
                return r;
            }
        }
        return null;
    }

    private static List<X509Certificate> peerChain(SslHandler ssl) {
        List<X509Certificate> chain = new ArrayList<>();
        try {
            for (Certificate c : ssl.engine().getSession().getPeerCertificates()) {
                chain.add((X509Certificate) c);
            }
        } catch (SSLPeerUnverifiedException noCertificate) {
            // no client certificate asked for or given
        }
        return chain;
    }
}
