package org.lawstats.aggregator.cases;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.tomcat.util.buf.EncodedSolidusHandling;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.web.firewall.FirewalledRequest;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.StrictHttpFirewall;

/**
 * A case number is free text and part of a case's path ({@code /api/v1/cases/{unitId}/{kind}/{caseNo}}): one that
 * holds {@code /}, {@code %} or {@code ;} arrives percent-encoded and must reach the controller as one segment.
 * Tomcat passes {@code %2F} through undecoded, and paths are matched segment by segment on the raw request URI (by
 * Spring MVC and Spring Security alike, so both see the same segments); the firewall lets those encodings in and
 * keeps refusing everything else it refuses (traversal, raw semicolons, control characters).
 */
@Configuration(proxyBeanMethods = false)
class CaseNumberPaths {

    @Bean
    TomcatConnectorCustomizer encodedSlashesStayInTheirSegment() {
        return connector -> connector.setEncodedSolidusHandling(EncodedSolidusHandling.PASS_THROUGH.getValue());
    }

    @Bean
    HttpFirewall firewall() {
        StrictHttpFirewall strict = new StrictHttpFirewall();
        strict.setAllowUrlEncodedSlash(true);
        strict.setAllowUrlEncodedPercent(true);
        // The strict firewall knows semicolons only as one switch: an encoded one is a case number's character, a
        // raw one starts path parameters (a classic way around path rules) and stays refused.
        strict.setAllowSemicolon(true);
        return new HttpFirewall() {
            @Override
            public FirewalledRequest getFirewalledRequest(HttpServletRequest request) {
                if (request.getRequestURI() != null && request.getRequestURI().indexOf(';') >= 0) {
                    throw new RequestRejectedException("a raw semicolon in the path is refused");
                }
                return strict.getFirewalledRequest(request);
            }

            @Override
            public HttpServletResponse getFirewalledResponse(HttpServletResponse response) {
                return strict.getFirewalledResponse(response);
            }
        };
    }
}
