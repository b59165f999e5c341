package org.lawstats.aggregator.web;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** A file the browser saves (an export, a template, a report): its type, and its name in UTF-8. */
public final class Download {
    public static final MediaType CSV = new MediaType("text", "csv", StandardCharsets.UTF_8);
    public static final MediaType XLSX =
            MediaType.parseMediaType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");

    private Download() {}

    public static ResponseEntity<byte[]> file(byte[] body, MediaType type, String fileName) {
        return ResponseEntity.ok()
                .contentType(type)
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment()
                                .filename(fileName, StandardCharsets.UTF_8)
                                .build()
                                .toString())
                .body(body);
    }

    /** What writes a file's bytes to the answer as they are made. */
    public interface Body {
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * A file written to the answer as it is made, never whole in memory (ADR 19); null, for a handler whose answer
     * is then complete.
     */
    public static ResponseEntity<byte[]> write(HttpServletResponse response, MediaType type, String fileName, Body body)
            throws IOException {
        response.setContentType(type.toString());
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION, disposition(fileName));
        body.writeTo(response.getOutputStream());
        response.flushBuffer();
        return null;
    }

    private static String disposition(String fileName) {
        return ContentDisposition.attachment()
                .filename(fileName, StandardCharsets.UTF_8)
                .build()
                .toString();
    }

    /** {@code format=json|csv|xlsx} wins; otherwise {@code Accept: text/csv} asks for CSV; JSON by default. */
    public static String format(String format, String accept) {
        if (format != null && !format.isBlank()) {
            String f = format.strip().toLowerCase(Locale.ROOT);
            if (!List.of("json", "csv", "xlsx").contains(f)) {
                throw new BadRequestException("format must be json, csv or xlsx");
            }
            return f;
        }
        return accept != null && accept.toLowerCase(Locale.ROOT).contains("text/csv") ? "csv" : "json";
    }
}
