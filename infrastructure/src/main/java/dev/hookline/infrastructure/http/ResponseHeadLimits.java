package dev.hookline.infrastructure.http;

import java.io.IOException;
import java.io.InputStream;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ConnectionClosedException;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.MessageConstraintException;
import org.apache.hc.core5.http.config.Http1Config;
import org.apache.hc.core5.http.impl.io.DefaultHttpResponseParser;
import org.apache.hc.core5.http.io.HttpMessageParser;
import org.apache.hc.core5.http.io.HttpMessageParserFactory;
import org.apache.hc.core5.http.io.HttpTransportMetrics;
import org.apache.hc.core5.http.io.SessionInputBuffer;
import org.apache.hc.core5.util.CharArrayBuffer;

/**
 * How much of a receiver's status line and headers we read: at most {@link #MAX_HEADERS} header fields and
 * {@link #MAX_HEAD_BYTES} bytes in all (status line, every header line and their line ends). Beyond either, the
 * attempt fails as {@code response_too_large}; headers the receiver never ends (it closes first) fail as
 * {@code incomplete_response}. Neither is ever read as an answer.
 *
 * <p>Why: a receiver decides how big its answer is. HttpClient's own defaults accept any number of header lines of
 * any length (one 200 MB header line grew the platform by a gigabyte), and a close in the middle of the headers ends
 * its header loop as if the headers were complete (a 200 that never finished its headers counted as a success).
 * The line limit below is enforced by HttpClient's session buffer as the line arrives, so no line ever grows past
 * it in memory; this parser adds the total and the premature end.
 */
final class ResponseHeadLimits {

    static final int MAX_HEADERS = 100;
    static final int MAX_HEAD_BYTES = 16 * 1024;

    private ResponseHeadLimits() {
    }

    /** The connection settings that bound one line (as it is read) and the count; the buffer stays 8 KiB. */
    static Http1Config http1Config() {
        return Http1Config.custom()
                .setBufferSize(8 * 1024)
                .setMaxLineLength(MAX_HEAD_BYTES)
                // HttpClient refuses when the count *reaches* its limit; ours is the number still allowed.
                .setMaxHeaderCount(MAX_HEADERS + 1)
                .setMaxEmptyLineCount(2)
                .build();
    }

    static HttpMessageParserFactory<ClassicHttpResponse> parserFactory() {
        return new HttpMessageParserFactory<>() {
            @Override
            @SuppressWarnings("deprecation") // the interface's one abstract method; the connection calls it
            public HttpMessageParser<ClassicHttpResponse> create(Http1Config config) {
                return new BoundedParser(new DefaultHttpResponseParser(config));
            }
        };
    }

    /** Raised when the receiver closed before the empty line that ends the headers. */
    static final class HeadersNeverEnded extends ConnectionClosedException {
        HeadersNeverEnded() {
            super("the receiver closed before its response headers ended");
        }
    }

    private record BoundedParser(DefaultHttpResponseParser delegate) implements HttpMessageParser<ClassicHttpResponse> {
        @Override
        public ClassicHttpResponse parse(SessionInputBuffer buffer, InputStream inputStream)
                throws IOException, HttpException {
            return delegate.parse(new CountingBuffer(buffer), inputStream);
        }
    }

    /** Counts what the parser reads line by line; one instance per response head. */
    private static final class CountingBuffer implements SessionInputBuffer {
        private final SessionInputBuffer delegate;
        private long bytes;
        private int lines;

        CountingBuffer(SessionInputBuffer delegate) {
            this.delegate = delegate;
        }

        @Override
        public int readLine(CharArrayBuffer line, InputStream inputStream) throws IOException {
            int before = line.length();
            int read = delegate.readLine(line, inputStream);
            if (read < 0) {
                if (lines > 0) {
                    throw new HeadersNeverEnded();
                }
                return read; // nothing at all: HttpClient reports that itself (NoHttpResponseException)
            }
            lines++;
            bytes += (line.length() - before) + 2L;
            if (bytes > MAX_HEAD_BYTES) {
                throw new MessageConstraintException("response status line and headers exceed "
                        + MAX_HEAD_BYTES + " bytes");
            }
            if (lines > MAX_HEADERS + 1 + 1) { // status line + headers + the empty line
                throw new MessageConstraintException("more than " + MAX_HEADERS + " response headers");
            }
            return read;
        }

        @Override
        public int length() {
            return delegate.length();
        }

        @Override
        public int capacity() {
            return delegate.capacity();
        }

        @Override
        public int available() {
            return delegate.available();
        }

        @Override
        public int read(byte[] b, int off, int len, InputStream inputStream) throws IOException {
            return delegate.read(b, off, len, inputStream);
        }

        @Override
        public int read(byte[] b, InputStream inputStream) throws IOException {
            return delegate.read(b, inputStream);
        }

        @Override
        public int read(InputStream inputStream) throws IOException {
            return delegate.read(inputStream);
        }

        @Override
        public HttpTransportMetrics getMetrics() {
            return delegate.getMetrics();
        }
    }
}
