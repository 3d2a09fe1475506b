package io.herald.broker.listener;

import io.herald.broker.BrokerMetrics;
import io.herald.broker.handler.MqttPipeline;
import io.herald.broker.log.RateLimitedLog;
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
 * aside; on failure it counts it in {@code herald.tls.refused}, logs it at debug, and closes. Refused
 * client certificates are also logged as warnings, other failed handshakes (port scans, clients that
 * distrust the server) at info: a line naming the listener, the remote address and the reason, at most
 * once a minute per listener and reason, with the number of the others ({@link RateLimitedLog}).
 *
 * <p>Threads: one instance per connection, on its event loop.
 */
final class TlsHandshake extends ChannelInboundHandlerAdapter {

    static final String HANDLER_NAME = "tlsHandshake";

    private static final Logger log = LoggerFactory.getLogger(TlsHandshake.class);

    private final String listener;
    private final BrokerMetrics metrics;
    private final RateLimitedLog warnings;
    private final RateLimitedLog infos;

    /**
     * @param warnings where refused client certificates are logged, {@code infos} other failures; both
     *     rate-limited per cause and shared by the listener's connections
     */
    TlsHandshake(String listener, BrokerMetrics metrics, RateLimitedLog warnings, RateLimitedLog infos) {
        this.listener = listener;
        this.metrics = metrics;
        this.warnings = warnings;
        this.infos = infos;
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
        String reason;
        String why;
        if (refusal != null) {
            reason = refusal.reason().tag();
            why = refusal.getMessage();
        } else {
            String message = String.valueOf(cause.getMessage());
            if (message.contains("Empty client certificate chain") || message.contains("Empty server certificate chain")) {
                reason = CertificateRefusal.Reason.MISSING.tag();
                why = "no client certificate, and this listener requires one";
            } else if (cause instanceof SslHandshakeTimeoutException) {
                reason = "timeout";
                why = "TLS handshake not done in time";
            } else if (cause instanceof NotSslRecordException || cause.getCause() instanceof NotSslRecordException) {
                reason = "not_tls";
                why = "not a TLS connection";
            } else {
                reason = "handshake";
                why = "TLS handshake failed: " + message;
            }
        }
        metrics.tlsRefused(listener, reason);
        log.debug("{} {} refused: {}", listener, remote, why);
        // refused certificates are warnings, other failed handshakes (port scans) information; each cause
        // at most once a minute, with the count of the others
        (refusal != null || reason.equals(CertificateRefusal.Reason.MISSING.tag()) ? warnings : infos)
                .log(listener + " " + reason, "{} {} refused: {}", listener, remote, why);
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
