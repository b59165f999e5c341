package org.lawstats.aggregator.web;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.web.error.ErrorAttributeOptions;
import org.springframework.boot.webmvc.error.DefaultErrorAttributes;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.WebRequest;

/**
 * Errors that never reach a controller (a path the firewall rejects, a malformed request line) still answer in
 * the JSON format of api.md: status, error and a generic message; no path echo, no exception, no trace.
 */
@Component
class ContainerErrorAttributes extends DefaultErrorAttributes {

    @Override
    public Map<String, Object> getErrorAttributes(WebRequest request, ErrorAttributeOptions options) {
        Object code = super.getErrorAttributes(request, ErrorAttributeOptions.defaults())
                .get("status");
        HttpStatus status =
                code instanceof Integer value ? HttpStatus.resolve(value) : HttpStatus.INTERNAL_SERVER_ERROR;
        if (status == null) {
            status = HttpStatus.INTERNAL_SERVER_ERROR;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", status.value());
        body.put("error", status.getReasonPhrase());
        body.put("message", status.is4xxClientError() ? "the request was rejected" : "an internal error occurred");
        return body;
    }
}
