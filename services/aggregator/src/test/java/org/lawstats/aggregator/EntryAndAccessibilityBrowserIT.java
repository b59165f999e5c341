package org.lawstats.aggregator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.lawstats.contract.CaseKind;
import org.lawstats.contract.EventEnvelope;
import org.lawstats.contract.EventType;
import org.lawstats.contract.Payload;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * In Debian's Chromium: a clerk of a unit without IT enters a training completion through the form and sees its card
 * change, corrects it, withdraws it, the figure following each step; and every page passes axe-core's WCAG A/AA rules
 * with no serious or critical violation (GB/T 37668 asks the same of government sites).
 */
class EntryAndAccessibilityBrowserIT extends IntegrationTest {
    private static final String CARD = "[data-indicator='training.completed_persons'] .value";

    private void logIn(WebDriver driver, String user) {
        driver.get("http://127.0.0.1:" + port + "/login.html");
        driver.findElement(By.name("username")).sendKeys(user);
        driver.findElement(By.name("password")).sendKeys(PASSWORD);
        driver.findElement(By.cssSelector("button[type=submit]")).click();
    }

    private static long number(String text) {
        return Long.parseLong(text.replace(",", "").trim());
    }

    @Test
    void aClerkEntersCorrectsAndWithdrawsARecordAndTheCardFollowsEachStep() throws Exception {
        // The form's date and the dashboard's year are the server's today: a day of the test's choosing.
        clock.setToday(LocalDate.of(2025, 5, 20));
        WebDriver driver = Chromium.start();
        try {
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(60));
            logIn(driver, "entry-clerk");
            wait.until(d -> Chromium.text(d, "#live").startsWith("最后更新"));
            long before = number(Chromium.text(driver, CARD));
            String year = Integer.toString(clock.today().getYear());

            driver.get("http://127.0.0.1:" + port + "/entry.html");
            wait.until(d -> !d.findElements(By.id("f-personId")).isEmpty());
            new Select(driver.findElement(By.id("type"))).selectByValue("training.completed");
            wait.until(d -> !d.findElements(By.id("f-personId")).isEmpty());
            driver.findElement(By.id("f-personId")).sendKeys("entry-person-1");
            driver.findElement(By.id("f-courseId")).sendKeys("law-entry");
            driver.findElement(By.id("submit")).click();
            wait.until(d -> Chromium.text(d, "#message").startsWith("已提交"));

            // A required field left empty is said in Chinese next to the field, and nothing is written.
            driver.findElement(By.id("submit")).click();
            wait.until(d -> Chromium.text(d, "#f-personId-error").equals("必填，不能为空"));

            driver.get("http://127.0.0.1:" + port + "/");
            wait.until(
                    d -> Chromium.text(d, "#live").startsWith("最后更新") && number(Chromium.text(d, CARD)) == before + 1);
            assertThat(values(year, "t.entry")
                            .path("training.completed_persons")
                            .asLong())
                    .isEqualTo(before + 1);

            // Corrected into last year: this year's card goes back, last year's figure takes it.
            driver.get("http://127.0.0.1:" + port + "/entry.html");
            wait.until(d -> Chromium.text(d, "#recent").contains("entry-person-1"));
            driver.findElement(By.cssSelector("#recent tbody tr button")).click();
            wait.until(d -> d.findElement(By.id("submit")).getText().equals("保存更正"));
            String lastYear = Integer.toString(clock.today().getYear() - 1);
            Chromium.script(driver, "document.getElementById('f-date').value = arguments[0];", lastYear + "-06-01");
            driver.findElement(By.id("submit")).click();
            wait.until(d -> Chromium.text(d, "#message").startsWith("已更正"));
            Awaitility.await()
                    .atMost(Duration.ofSeconds(60))
                    .until(() -> values(year, "t.entry")
                                            .path("training.completed_persons")
                                            .asLong()
                                    == before
                            && values(lastYear, "t.entry")
                                            .path("training.completed_persons")
                                            .asLong()
                                    == 1);
            driver.get("http://127.0.0.1:" + port + "/");
            wait.until(d -> Chromium.text(d, "#live").startsWith("最后更新") && number(Chromium.text(d, CARD)) == before);

            // Withdrawn: it counts nowhere.
            driver.get("http://127.0.0.1:" + port + "/entry.html");
            wait.until(d -> Chromium.text(d, "#recent").contains("已更正"));
            Chromium.script(driver, "window.confirm = () => true;");
            driver.findElements(By.cssSelector("#recent tbody tr button"))
                    .get(1)
                    .click();
            wait.until(d -> Chromium.text(d, "#message").startsWith("已撤回"));
            Awaitility.await()
                    .atMost(Duration.ofSeconds(60))
                    .until(() -> values(lastYear, "t.entry")
                                    .path("training.completed_persons")
                                    .asLong()
                            == 0);
            wait.until(d -> Chromium.text(d, "#recent").contains("已撤回"));
            Files.write(Path.of("target", "entry.png"), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));

            // The ledger import: a preview of what will change and of the rows to fix, then the import.
            Path ledger = Files.createTempFile("培训台账", ".csv");
            Files.writeString(
                    ledger,
                    "结业日期*,人员编号*,课程编号*,课程名称,学时\r\n"
                            + "2024-03-05,ledger-p1,law-2024,宪法专题,4\r\n"
                            + "2024/3/6,ledger-p2,law-2024,宪法专题,4\r\n"
                            + "2024-03-07,ledger-p3,,宪法专题,四\r\n",
                    Charset.forName("GB18030"));
            driver.get("http://127.0.0.1:" + port + "/import.html");
            wait.until(d -> !d.findElements(By.cssSelector("#type option")).isEmpty());
            new Select(driver.findElement(By.id("type"))).selectByValue("training.completed");
            driver.findElement(By.id("file")).sendKeys(ledger.toAbsolutePath().toString());
            driver.findElement(By.id("preview")).click();
            wait.until(d -> Chromium.text(d, "#summary").startsWith("预览"));
            assertThat(Chromium.text(driver, "#summary")).contains("将新增 2 条").contains("有 2 处需要修改");
            assertThat(Chromium.text(driver, "#errors"))
                    .contains("第4行，“课程编号”：必填，不能为空")
                    .contains("第4行，“学时”：“四”应为数字");
            Files.write(Path.of("target", "import.png"), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
            driver.findElement(By.id("import")).click();
            wait.until(d -> Chromium.text(d, "#summary").startsWith("已导入"));
            Awaitility.await()
                    .atMost(Duration.ofSeconds(60))
                    .until(() -> values("2024", "t.entry")
                                    .path("training.completed_persons")
                                    .asLong()
                            == 2);
        } finally {
            driver.quit();
        }
    }

    @Test
    void aClerkSubmitsItsUnitOnThePageWhereItSeesWhatItHasReported() throws Exception {
        clock.setToday(LocalDate.of(2025, 5, 20));
        WebDriver driver = Chromium.start();
        try {
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(60));
            logIn(driver, "period-clerk");
            wait.until(d -> Chromium.text(d, "#live").startsWith("最后更新"));
            driver.get("http://127.0.0.1:" + port + "/completeness.html");
            wait.until(d -> Chromium.text(d, "#status").contains("个单位"));
            new Select(driver.findElement(By.id("year"))).selectByValue("2024");
            new Select(driver.findElement(By.id("part"))).selectByValue("Q3");
            wait.until(d -> Chromium.text(d, "#status").startsWith("2024-Q3"));
            By ownRow = By.xpath("//table[@id='table']//tr[th[text()='报表锁定测试局']]");
            assertThat(driver.findElement(ownRow).getText()).contains("未报送");

            // Nothing reported this quarter: the clerk is asked once more before it submits.
            driver.findElement(ownRow).findElement(By.tagName("button")).click();
            wait.until(d -> {
                try {
                    d.switchTo().alert().accept();
                    return true;
                } catch (org.openqa.selenium.NoAlertPresentException e) {
                    return false;
                }
            });
            wait.until(d -> Chromium.text(d, "#message").contains("已报送"));
            wait.until(d -> d.findElement(ownRow).getText().contains("已报送"));
            assertThat(driver.findElement(ownRow).findElements(By.tagName("button")))
                    .isEmpty();
        } finally {
            driver.quit();
        }
        var state = JSON.readTree(get("/api/v1/periods/2024-Q3?unit=t.period").body());
        assertThat(state.path("rows")
                        .valueStream()
                        .filter(row -> row.path("unitId").asString().equals("t.period"))
                        .map(row -> row.path("state").asString() + " "
                                + row.path("submittedBy").asString()))
                .containsExactly("SUBMITTED period-clerk");
    }

    @Test
    void everyPagePassesTheAccessibilityRulesWithNoSeriousViolation() throws Exception {
        send(EventEnvelope.of(
                "a11y:case",
                EventType.CASE_FILED,
                "t.api",
                OffsetDateTime.parse("2025-05-20T09:00:00+08:00"),
                new Payload.CaseFiled("(2046)无障碍1号", CaseKind.LITIGATION, "某法院", "王五", "不服处罚", "摘要", true)));
        send(EventEnvelope.of(
                "a11y:counsel",
                EventType.COUNSEL_SERVED,
                "t.api",
                OffsetDateTime.parse("2025-05-20T10:00:00+08:00"),
                new Payload.CounselServed(
                        "counsel-a11y",
                        Payload.CounselServed.CounselKind.LEGAL_ADVISER,
                        Payload.CounselServed.Work.CONTRACT_REVIEW,
                        "<b>合同</b>审查")));
        awaitAllConsumed();
        String base = "http://127.0.0.1:" + port;
        clock.setToday(LocalDate.of(2025, 5, 20));
        String year = Integer.toString(clock.today().getYear());
        WebDriver driver = Chromium.start();
        List<String> failures = new ArrayList<>();
        try {
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(60));
            driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(60));
            driver.get(base + "/login.html");
            // The check itself works: a field without a name is a critical violation it finds.
            Chromium.script(
                    driver,
                    "const i = document.createElement('input'); i.type = 'text'; i.id = 'unnamed';"
                            + " document.body.appendChild(i);");
            assertThat(Axe.seriousViolations(driver))
                    .anySatisfy(v -> assertThat(v.rule()).isEqualTo("label"));
            driver.get(base + "/login.html");
            check(driver, "login", failures);
            logIn(driver, "admin");
            wait.until(d -> Chromium.text(d, "#live").startsWith("最后更新"));
            check(driver, "dashboard", failures);
            List<Object[]> pages = List.of(
                    new Object[] {
                        "/stats.html",
                        (Function<WebDriver, Boolean>)
                                d -> Chromium.text(d, "#status").contains("项指标")
                    },
                    new Object[] {
                        "/cases.html",
                        (Function<WebDriver, Boolean>)
                                d -> Chromium.text(d, "#total").startsWith("共")
                    },
                    new Object[] {
                        "/completeness.html",
                        (Function<WebDriver, Boolean>)
                                d -> Chromium.text(d, "#status").contains("个单位")
                    },
                    new Object[] {
                        "/counsel.html",
                        (Function<WebDriver, Boolean>)
                                d -> Chromium.text(d, "#status").contains("人次")
                    },
                    new Object[] {
                        "/periods.html",
                        (Function<WebDriver, Boolean>)
                                d -> Chromium.text(d, "#status").contains("个单位")
                    },
                    new Object[] {
                        "/records.html?indicator=disclosure.on_time_rate&period=" + year + "&unit=t",
                        (Function<WebDriver, Boolean>)
                                d -> Chromium.text(d, "#total").startsWith("共")
                    },
                    new Object[] {
                        "/entry.html",
                        (Function<WebDriver, Boolean>)
                                d -> Chromium.text(d, "#recent").length() > 0
                    },
                    new Object[] {
                        "/import.html",
                        (Function<WebDriver, Boolean>) d ->
                                !d.findElements(By.cssSelector("#type option")).isEmpty()
                    });
            for (Object[] page : pages) {
                driver.get(base + page[0]);
                @SuppressWarnings("unchecked")
                Function<WebDriver, Boolean> loaded = (Function<WebDriver, Boolean>) page[1];
                wait.until(loaded::apply);
                check(driver, (String) page[0], failures);
            }
            // A counsel's row opened: its work, the unit's text as text.
            driver.get(base + "/counsel.html");
            wait.until(d -> Chromium.text(d, "#status").contains("人次"));
            Chromium.script(driver, "document.querySelector('#table button.link').click();");
            wait.until(d -> Chromium.text(d, "#work").contains("<b>合同</b>审查"));
            assertThat(Chromium.text(driver, "#work")).contains("合同审查");
            check(driver, "/counsel.html (work)", failures);
            // A case opened: the detail panel too.
            driver.get(base + "/cases.html");
            wait.until(d -> Chromium.text(d, "#total").startsWith("共"));
            Chromium.script(driver, "document.querySelector('.result').click();");
            wait.until(d -> Chromium.text(d, "#detail").contains("办理经过"));
            check(driver, "/cases.html (detail)", failures);
        } finally {
            driver.quit();
        }
        assertThat(failures)
                .as("axe-core " + Axe.VERSION + ": serious and critical violations")
                .isEmpty();
    }

    private static void check(WebDriver driver, String page, List<String> failures) throws Exception {
        Axe.seriousViolations(driver).forEach(v -> failures.add(page + ": " + v));
    }
}
