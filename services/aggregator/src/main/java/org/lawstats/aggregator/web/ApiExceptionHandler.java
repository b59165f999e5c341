package org.lawstats.aggregator.web;

import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.transport.TransportException;
import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.servlet.MultipartConfigElement;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.catalina.connector.ClientAbortException;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.async.AsyncRequestNotUsableException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.multipart.support.MissingServletRequestPartException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/** Maps every failure to the JSON error format; details go to the log, never to the client. */
@RestControllerAdvice
class ApiExceptionHandler {
    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    private final long maxUpload;

    /** The upload's limit is the ledger file's ({@code lawstats.imports.max-file-size}). */
    ApiExceptionHandler(MultipartConfigElement multipart) {
        this.maxUpload = multipart.getMaxFileSize();
    }

    @ExceptionHandler(BadRequestException.class)
    ResponseEntity<ApiError> badRequest(RuntimeException e) {
        return ApiError.of(HttpStatus.BAD_REQUEST, e.getMessage());
    }

    @ExceptionHandler({
        MissingServletRequestParameterException.class,
        MethodArgumentTypeMismatchException.class,
        InvalidParameterException.class
    })
    ResponseEntity<ApiError> badParameter(Exception e) {
        return ApiError.of(HttpStatus.BAD_REQUEST, "a request parameter is missing or malformed");
    }

    @ExceptionHandler(MaxUploadSizeExceededException.class)
    ResponseEntity<ApiError> tooLarge(Exception e) {
        return ApiError.of(HttpStatus.CONTENT_TOO_LARGE, "文件超过 " + RequestLimits.size(maxUpload) + " 的上限：请分成几个文件导入");
    }

    /** A limit of ADR 19: too large, too fast, or too many at once; the message names it. */
    @ExceptionHandler(LimitExceededException.class)
    ResponseEntity<ApiError> limit(LimitExceededException e) {
        ResponseEntity.BodyBuilder answer = ResponseEntity.status(e.status()).contentType(MediaType.APPLICATION_JSON);
        if (e.retryAfterSeconds() > 0) {
            answer.header(HttpHeaders.RETRY_AFTER, Long.toString(e.retryAfterSeconds()));
        }
        return answer.body(new ApiError(e.status().value(), e.status().getReasonPhrase(), e.getMessage()));
    }

    /** A body that is not the JSON asked for, or one cut at its limit while it was read. */
    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ApiError> unreadableBody(HttpMessageNotReadableException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof LimitExceededException limit) {
                return limit(limit);
            }
        }
        return ApiError.of(HttpStatus.BAD_REQUEST, "请求体不是有效的 JSON（或其中的数字、文字过长）");
    }

    @ExceptionHandler({MultipartException.class, MissingServletRequestPartException.class})
    ResponseEntity<ApiError> badUpload(Exception e) {
        return ApiError.of(HttpStatus.BAD_REQUEST, "send the ledger as multipart/form-data with a part named file");
    }

    /** Not now (starting up, the audit trail unwritable): the reason for the client, its cause for the log. */
    @ExceptionHandler(ServiceUnavailableException.class)
    ResponseEntity<ApiError> unavailable(ServiceUnavailableException e) {
        if (e.getCause() != null) {
            log.warn("unavailable: {}", e.getCause().toString());
        }
        ResponseEntity.BodyBuilder answer =
                ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).contentType(MediaType.APPLICATION_JSON);
        if (e.retryAfterSeconds() > 0) {
            answer.header(HttpHeaders.RETRY_AFTER, Long.toString(e.retryAfterSeconds()));
        }
        return answer.body(new ApiError(503, "Service Unavailable", e.getMessage()));
    }

    @ExceptionHandler(AccessDeniedException.class)
    ResponseEntity<ApiError> forbidden(AccessDeniedException e) {
        return ApiError.of(HttpStatus.FORBIDDEN, e.getMessage());
    }

    /** api.md's error body, with the units that stand in the way when there are some. */
    record Conflict(
            int status,
            String error,
            String message,
            @JsonInclude(JsonInclude.Include.NON_NULL) List<String> notSubmitted) {}

    @ExceptionHandler(ConflictException.class)
    ResponseEntity<Conflict> conflict(ConflictException e) {
        return ResponseEntity.status(HttpStatus.CONFLICT)
                .contentType(MediaType.APPLICATION_JSON)
                .body(new Conflict(409, "Conflict", e.getMessage(), e.notSubmitted()));
    }

    @ExceptionHandler(NotFoundException.class)
    ResponseEntity<ApiError> notFound(NotFoundException e) {
        return ApiError.of(HttpStatus.NOT_FOUND, e.getMessage());
    }

    @ExceptionHandler(NoResourceFoundException.class)
    ResponseEntity<ApiError> notFound(NoResourceFoundException e) {
        return ApiError.of(HttpStatus.NOT_FOUND, "no such resource");
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<ApiError> methodNotAllowed(HttpRequestMethodNotSupportedException e) {
        return ApiError.of(HttpStatus.METHOD_NOT_ALLOWED, "method " + e.getMethod() + " is not supported here");
    }

    @ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
    ResponseEntity<ApiError> notAcceptable(HttpMediaTypeNotAcceptableException e) {
        return ApiError.of(HttpStatus.NOT_ACCEPTABLE, "the requested media type is not available");
    }

    private static boolean clientWentAway(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof ClientAbortException || cause instanceof AsyncRequestNotUsableException) {
                return true;
            }
        }
        return false;
    }

    /** A browser closed a live stream (or any response) mid-way: nothing to answer, and nothing is wrong. */
    @ExceptionHandler(AsyncRequestNotUsableException.class)
    void clientGone(Exception e) {
        log.debug("client went away: {}", e.toString());
    }

    @ExceptionHandler({
        IOException.class,
        UncheckedIOException.class,
        ElasticsearchException.class,
        TransportException.class
    })
    ResponseEntity<ApiError> storeUnavailable(Exception e) {
        log.warn("statistics store unavailable: {}", e.toString());
        return ApiError.of(HttpStatus.SERVICE_UNAVAILABLE, "the statistics store is unavailable; try again shortly");
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ApiError> unexpected(Exception e) {
        if (clientWentAway(e)) {
            // A browser that navigated away mid-answer: nothing to answer, and nothing is wrong here.
            log.debug("client went away: {}", e.toString());
            return null;
        }
        log.error("unexpected failure", e);
        return ApiError.of(HttpStatus.INTERNAL_SERVER_ERROR, "an internal error occurred");
    }
}
