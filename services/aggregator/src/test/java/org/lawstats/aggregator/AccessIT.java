package org.lawstats.aggregator;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

/** Every role rule of api.md on every read endpoint, as a table. The gateway's rules are in GatewayIT. */
class AccessIT extends IntegrationTest {

    @ParameterizedTest(name = "{0} GET {1} -> {2}")
    @CsvSource(nullValues = "anonymous", textBlock = """
            anonymous, /api/v1/stats,                                   401
            anonymous, /api/v1/indicators,                              401
            anonymous, /api/v1/stats/breakdown,                         401
            anonymous, /actuator/prometheus,                            401
            anonymous, /actuator/health,                                200
            admin,     /api/v1/stats?unit=t.known,                      200
            admin,     /actuator/prometheus,                            200
            leader,    /api/v1/stats?unit=t.known,                      200
            leader,    /api/v1/stats/breakdown?unit=t,                  200
            leader,    /api/v1/indicators,                              200
            leader,    /actuator/prometheus,                            403
            adviser,   /api/v1/stats?unit=t.known,                      200
            adviser,   /actuator/metrics,                               403
            clerk,     /api/v1/stats,                                   200
            clerk,     /api/v1/stats?unit=t.tree,                       200
            clerk,     /api/v1/stats?unit=t.tree.a.x,                   200
            clerk,     /api/v1/stats?unit=t.known,                      403
            clerk,     /api/v1/stats?unit=t,                            403
            clerk,     /api/v1/stats/breakdown?unit=t.tree,             200
            clerk,     /api/v1/stats/breakdown?unit=t,                  403
            clerk,     /api/v1/stats/breakdown?unit=t.known&format=csv, 403
            clerk,     /api/v1/indicators,                              200
            clerk,     /actuator/prometheus,                            403
            emitter,   /api/v1/stats,                                   403
            emitter,   /api/v1/stats?unit=t.tree.a,                     403
            emitter,   /api/v1/indicators,                              403
            emitter,   /api/v1/stats/breakdown,                         403
            anonymous, /api/v1/cases,                                   401
            admin,     /api/v1/cases?unit=t.known,                      200
            leader,    /api/v1/cases?unit=t.known,                      200
            adviser,   /api/v1/cases,                                   200
            clerk,     /api/v1/cases,                                   200
            clerk,     /api/v1/cases?unit=t.tree.b,                     200
            clerk,     /api/v1/cases?unit=t.known,                      403
            clerk,     /api/v1/cases/t.known/LITIGATION/x,              403
            clerk,     /api/v1/cases/t.tree.b/LITIGATION/x,             404
            emitter,   /api/v1/cases,                                   403
            emitter,   /api/v1/cases/t.tree.a/LITIGATION/x,             403
            leader,    /api/v1/cases/t.known/LITIGATION/x,              404
            """)
    void theRolesOfApiMdHold(String user, String path, int status) {
        HttpResponse<String> response = getAs(user, path);

        assertThat(response.statusCode()).isEqualTo(status);
        if (status >= 400) {
            JsonNode error = JSON.readTree(response.body());
            assertThat(error.path("status").asInt()).isEqualTo(status);
            assertThat(error.path("message").asString()).isNotBlank();
            assertThat(response.body()).doesNotContain("Exception", "org.springframework");
        }
    }

    @ParameterizedTest
    @CsvSource({"admin, wrong-password", "nobody, test-pass", "clerk, TEST-PASS"})
    void wrongCredentialsAreA401WithAChallenge(String user, String password) throws Exception {
        var response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/stats"))
                                .header(
                                        "Authorization",
                                        "Basic "
                                                + Base64.getEncoder()
                                                        .encodeToString((user + ":" + password).getBytes()))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("Basic"));
    }

    @Test
    void aClerkWithoutAUnitParameterGetsItsOwnUnit() {
        JsonNode body = JSON.readTree(getAs("clerk", "/api/v1/stats").body());

        assertThat(body.path("unit").asString()).isEqualTo("t.tree");
    }
}
