package dev.pulsebridge.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A chunked upload over a plain socket, with the answer read while the body is still being sent: a server
 * that refuses a body part-way answers and closes, and an HTTP client library would report only the
 * broken pipe. Returns the answer's status, or -1 when none came.
 */
final class RawUpload {

    private RawUpload() {
    }

    static int chunked(String host, int port, String method, String path, String headers, byte[] body) {
        try (Socket socket = new Socket(host, port)) {
            socket.setSoTimeout(120_000);
            InputStream in = socket.getInputStream();
            CompletableFuture<Integer> status = CompletableFuture.supplyAsync(() -> statusLine(in));
            OutputStream out = socket.getOutputStream();
            try {
                out.write((method + " " + path + " HTTP/1.1\r\nHost: " + host + "\r\n" + headers
                        + "Transfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                for (int offset = 0; offset < body.length && !status.isDone(); offset += 64 * 1024) {
                    int length = Math.min(64 * 1024, body.length - offset);
                    out.write((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(body, offset, length);
                    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                }
                out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            } catch (IOException refusedMidway) {
                // the server stopped reading: its answer is what counts
            }
            return status.get(120, TimeUnit.SECONDS);
        } catch (Exception e) {
            return -1;
        }
    }

    private static int statusLine(InputStream in) {
        try {
            StringBuilder line = new StringBuilder();
            for (int c = in.read(); c >= 0 && c != '\n'; c = in.read()) {
                line.append((char) c);
            }
            String[] parts = line.toString().split(" ");
            return parts.length > 1 ? Integer.parseInt(parts[1]) : -1;
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }
}
