package org.lawstats.aggregator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Level;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/** Debian's headless Chromium driven through its ChromeDriver, as the browser tests use it (no browser download). */
final class Chromium {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private Chromium() {}

    static WebDriver start() throws Exception {
        // Never a silent skip: ./lawstats test installs them (or says how), so a missing browser is a failure.
        assertThat(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER))
                .as("Debian's chromium and chromium-driver are installed (./lawstats setup)")
                .isTrue();
        ChromeOptions options = new ChromeOptions()
                .setBinary(CHROMIUM.toFile())
                .addArguments(
                        "--headless=new",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--disable-quic",
                        "--no-first-run",
                        "--disable-background-networking",
                        "--disable-component-update",
                        "--disable-sync",
                        "--window-size=1600,1000",
                        "--user-data-dir=" + Files.createTempDirectory("lawstats-chromium"));
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        logs.enable(LogType.PERFORMANCE, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        return new ChromeDriver(service, options);
    }

    /** The text of the first match, read in the page (a re-rendered page makes a held element stale). */
    static String text(WebDriver driver, String selector) {
        Object text = ((JavascriptExecutor) driver)
                .executeScript(
                        "const e = document.querySelector(arguments[0]); return e ? e.textContent : '';", selector);
        return String.valueOf(text);
    }

    static Object script(WebDriver driver, String script, Object... arguments) {
        return ((JavascriptExecutor) driver).executeScript(script, arguments);
    }
}
