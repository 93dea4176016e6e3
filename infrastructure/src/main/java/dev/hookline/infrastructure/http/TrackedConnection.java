package dev.hookline.infrastructure.http;

import java.io.IOException;
import java.net.Socket;
import java.net.SocketAddress;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import org.apache.hc.client5.http.impl.io.ManagedHttpClientConnectionFactory;
import org.apache.hc.client5.http.io.ManagedHttpClientConnection;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.EndpointDetails;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.ProtocolVersion;
import org.apache.hc.core5.http.io.HttpConnectionFactory;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.Identifiable;
import org.apache.hc.core5.util.Timeout;

/**
 * HttpClient's own connection (with our bounded head parser, {@link ResponseHeadLimits}), telling the current
 * {@link ExchangeTrace} whether a request goes out on a connection that already carried one (a pooled connection
 * the receiver may have closed meanwhile) and whether any answer byte arrived. Everything else is delegated.
 */
final class TrackedConnection implements ManagedHttpClientConnection, Identifiable {

    private static final ManagedHttpClientConnectionFactory CONNECTIONS = ManagedHttpClientConnectionFactory.builder()
            .http1Config(ResponseHeadLimits.http1Config())
            .responseParserFactory(ResponseHeadLimits.parserFactory())
            .build();

    private final ManagedHttpClientConnection delegate;

    private TrackedConnection(ManagedHttpClientConnection delegate) {
        this.delegate = delegate;
    }

    static HttpConnectionFactory<ManagedHttpClientConnection> factory() {
        return (Socket socket) -> new TrackedConnection(CONNECTIONS.createConnection(socket));
    }

    @Override
    public void sendRequestHeader(ClassicHttpRequest request) throws HttpException, IOException {
        ExchangeTrace trace = ExchangeTrace.current();
        EndpointDetails metrics = delegate.getEndpointDetails();
        if (trace != null && metrics != null) {
            trace.requestStarting(metrics.getRequestCount() > 0, metrics.getReceivedBytesCount());
        }
        delegate.sendRequestHeader(request);
    }

    @Override
    public ClassicHttpResponse receiveResponseHeader() throws HttpException, IOException {
        try {
            return delegate.receiveResponseHeader();
        } finally {
            ExchangeTrace trace = ExchangeTrace.current();
            EndpointDetails metrics = delegate.getEndpointDetails();
            if (trace != null && metrics != null) {
                trace.receiveEnded(metrics.getReceivedBytesCount());
            }
        }
    }

    @Override
    public String getId() {
        return delegate instanceof Identifiable identifiable ? identifiable.getId() : "hookline-out";
    }

    @Override
    public void bind(Socket socket) throws IOException {
        delegate.bind(socket);
    }

    @Override
    public void bind(SSLSocket sslSocket, Socket socket) throws IOException {
        delegate.bind(sslSocket, socket);
    }

    @Override
    public Socket getSocket() {
        return delegate.getSocket();
    }

    @Override
    public SSLSession getSSLSession() {
        return delegate.getSSLSession();
    }

    @Override
    public void passivate() {
        delegate.passivate();
    }

    @Override
    public void activate() {
        delegate.activate();
    }

    @Override
    public boolean isConsistent() {
        return delegate.isConsistent();
    }

    @Override
    public void terminateRequest(ClassicHttpRequest request) throws HttpException, IOException {
        delegate.terminateRequest(request);
    }

    @Override
    public void sendRequestEntity(ClassicHttpRequest request) throws HttpException, IOException {
        delegate.sendRequestEntity(request);
    }

    @Override
    public void receiveResponseEntity(ClassicHttpResponse response) throws HttpException, IOException {
        delegate.receiveResponseEntity(response);
    }

    @Override
    public boolean isDataAvailable(Timeout timeout) throws IOException {
        return delegate.isDataAvailable(timeout);
    }

    @Override
    public boolean isStale() throws IOException {
        return delegate.isStale();
    }

    @Override
    public void flush() throws IOException {
        delegate.flush();
    }

    @Override
    public void close() throws IOException {
        delegate.close();
    }

    @Override
    public void close(CloseMode closeMode) {
        delegate.close(closeMode);
    }

    @Override
    public EndpointDetails getEndpointDetails() {
        return delegate.getEndpointDetails();
    }

    @Override
    public SocketAddress getLocalAddress() {
        return delegate.getLocalAddress();
    }

    @Override
    public SocketAddress getRemoteAddress() {
        return delegate.getRemoteAddress();
    }

    @Override
    public ProtocolVersion getProtocolVersion() {
        return delegate.getProtocolVersion();
    }

    @Override
    public boolean isOpen() {
        return delegate.isOpen();
    }

    @Override
    public Timeout getSocketTimeout() {
        return delegate.getSocketTimeout();
    }

    @Override
    public void setSocketTimeout(Timeout timeout) {
        delegate.setSocketTimeout(timeout);
    }
}
