package org.lawstats.aggregator.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every request's work bounded before it is done (ADR 19): a JSON body is read up to its limit and no further, the
 * imports and the entry forms are rate-limited per user as the gateway is, and only so many imports are read at once.
 * Each refusal is a Chinese 4xx (or 503) naming its limit, in the error body of api.md.
 */
@Configuration(proxyBeanMethods = false)
class RequestLimits implements WebMvcConfigurer {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final LimitsProperties limits;

    RequestLimits(LimitsProperties limits) {
        this.limits = limits;
    }

    @Bean
    FilterRegistrationBean<JsonBodyLimit> jsonBodyLimit() {
        FilterRegistrationBean<JsonBodyLimit> registration = new FilterRegistrationBean<>(
                new JsonBodyLimit(limits.jsonBodySize().toBytes()));
        registration.addUrlPatterns("/api/*");
        return registration;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new PerUser(
                        new RateLimiter(limits.importsPerSecond(), limits.importBurst()),
                        "导入",
                        limits.importsPerSecond(),
                        limits.importBurst(),
                        new Semaphore(limits.concurrentImports()),
                        limits.concurrentImports(),
                        limits.importWait().toMillis()))
                .addPathPatterns("/api/v1/imports");
        registry.addInterceptor(new PerUser(
                        new RateLimiter(limits.entriesPerSecond(), limits.entryBurst()),
                        "填报",
                        limits.entriesPerSecond(),
                        limits.entryBurst(),
                        null,
                        0,
                        0))
                .addPathPatterns("/api/v1/entries");
    }

    /** "256 KB", "10 MB": a size as a message names it. */
    static String size(long bytes) {
        if (bytes % (1024 * 1024) == 0) {
            return bytes / (1024 * 1024) + " MB";
        }
        return bytes % 1024 == 0 ? bytes / 1024 + " KB" : bytes + " 字节";
    }

    /**
     * The POSTs of one kind, per user: a token bucket as the gateway's, and for the imports a number of slots (taken
     * after the upload, which Tomcat has already put on disk within its limit, and held while the file is read).
     */
    private static final class PerUser implements HandlerInterceptor {
        private static final String HOLDS_SLOT = PerUser.class.getName() + ".slot";

        private final RateLimiter limiter;
        private final String what;
        private final String rate;
        private final Semaphore slots;
        private final int concurrent;
        private final long waitMillis;

        PerUser(
                RateLimiter limiter,
                String what,
                double perSecond,
                int burst,
                Semaphore slots,
                int concurrent,
                long waitMillis) {
            this.limiter = limiter;
            this.what = what;
            this.rate = "每位用户可连续" + what + " " + burst + " 次，之后" + perSecond(perSecond);
            this.slots = slots;
            this.concurrent = concurrent;
            this.waitMillis = waitMillis;
        }

        private static String perSecond(double rate) {
            if (rate >= 1) {
                return "每秒 " + plain(rate) + " 次";
            }
            return "每 " + plain(1 / rate) + " 秒 1 次";
        }

        private static String plain(double number) {
            return BigDecimal.valueOf(number)
                    .setScale(2, RoundingMode.HALF_UP)
                    .stripTrailingZeros()
                    .toPlainString();
        }

        @Override
        public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
            if (!"POST".equals(request.getMethod())) {
                return true;
            }
            Authentication caller = SecurityContextHolder.getContext().getAuthentication();
            long wait = limiter.acquire(caller == null ? "" : caller.getName());
            if (wait > 0) {
                throw new LimitExceededException(
                        HttpStatus.TOO_MANY_REQUESTS, what + "过于频繁（" + rate + "）：请 " + wait + " 秒后再试", wait);
            }
            if (slots == null) {
                return true;
            }
            try {
                if (!slots.tryAcquire(waitMillis, TimeUnit.MILLISECONDS)) {
                    throw busy();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw busy();
            }
            request.setAttribute(HOLDS_SLOT, Boolean.TRUE);
            return true;
        }

        private LimitExceededException busy() {
            return new LimitExceededException(
                    HttpStatus.SERVICE_UNAVAILABLE,
                    "正在读取的" + what + "文件已有 " + concurrent + " 个（同时最多 " + concurrent + " 个）：请稍后再试",
                    Math.max(1, waitMillis / 1000));
        }

        @Override
        public void afterCompletion(
                HttpServletRequest request, HttpServletResponse response, Object handler, Exception failure) {
            if (request.getAttribute(HOLDS_SLOT) != null) {
                request.removeAttribute(HOLDS_SLOT);
                slots.release();
            }
        }
    }

    /**
     * Caps every JSON body under /api/ as the gateway caps its own: a declared length over the limit is refused before
     * anything is read, and an undeclared one (chunked) is cut at the limit while it is read. The gateway reads its
     * larger bodies itself, and uploads are bounded by {@code spring.servlet.multipart.*}.
     */
    static final class JsonBodyLimit extends OncePerRequestFilter {
        private final long limit;

        JsonBodyLimit(long limit) {
            this.limit = limit;
        }

        @Override
        protected boolean shouldNotFilter(HttpServletRequest request) {
            String path =
                    request.getRequestURI().substring(request.getContextPath().length());
            String type = request.getContentType();
            return !path.startsWith("/api/")
                    || path.equals("/api/v1/events")
                    || (type != null && type.toLowerCase(Locale.ROOT).startsWith("multipart/"));
        }

        private String message() {
            return "请求体超过 " + size(limit) + " 的上限";
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            if (request.getContentLengthLong() > limit) {
                response.setStatus(HttpStatus.CONTENT_TOO_LARGE.value());
                response.setContentType(MediaType.APPLICATION_JSON_VALUE);
                response.setCharacterEncoding("UTF-8");
                JSON.writeValue(
                        response.getOutputStream(),
                        new ApiError(413, HttpStatus.CONTENT_TOO_LARGE.getReasonPhrase(), message()));
                return;
            }
            chain.doFilter(new Bounded(request), response);
        }

        /** The request whose body ends in a refusal past the limit. */
        private final class Bounded extends HttpServletRequestWrapper {
            private ServletInputStream body;

            Bounded(HttpServletRequest request) {
                super(request);
            }

            @Override
            public ServletInputStream getInputStream() throws IOException {
                if (body == null) {
                    body = new Counting(super.getInputStream());
                }
                return body;
            }

            @Override
            public BufferedReader getReader() throws IOException {
                Charset charset = getCharacterEncoding() == null
                        ? StandardCharsets.UTF_8
                        : Charset.forName(getCharacterEncoding());
                return new BufferedReader(new InputStreamReader(getInputStream(), charset));
            }
        }

        private final class Counting extends ServletInputStream {
            private final ServletInputStream in;
            private long count;

            Counting(ServletInputStream in) {
                this.in = in;
            }

            private int counted(int n) {
                if (n > 0) {
                    count += n;
                    if (count > limit) {
                        throw LimitExceededException.tooLarge(message());
                    }
                }
                return n;
            }

            @Override
            public int read() throws IOException {
                int b = in.read();
                if (b >= 0) {
                    counted(1);
                }
                return b;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                return counted(in.read(buffer, offset, length));
            }

            @Override
            public boolean isFinished() {
                return in.isFinished();
            }

            @Override
            public boolean isReady() {
                return in.isReady();
            }

            @Override
            public void setReadListener(ReadListener listener) {
                in.setReadListener(listener);
            }
        }
    }
}
