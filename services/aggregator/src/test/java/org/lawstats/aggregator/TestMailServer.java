package org.lawstats.aggregator;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.util.Arrays;
import java.util.List;

/**
 * The real SMTP server of the integration tests (GreenMail, in this JVM, on a free port): the aggregator sends its
 * deadline digests to it through Boot's {@code spring.mail.*}, and a test reads what was delivered.
 */
final class TestMailServer {
    private static GreenMail server;

    private TestMailServer() {}

    static synchronized GreenMail get() {
        if (server == null) {
            server = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
            server.start();
            Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "it-mail-stop"));
        }
        return server;
    }

    static int port() {
        return get().getSmtp().getPort();
    }

    /** Every message delivered so far, to any address. */
    static List<MimeMessage> delivered() {
        return Arrays.asList(get().getReceivedMessages());
    }
}
