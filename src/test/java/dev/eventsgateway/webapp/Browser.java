package dev.eventsgateway.webapp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** One headless Chromium with a fresh profile, driven through Debian's chromedriver; nothing is ever downloaded. */
public final class Browser implements AutoCloseable {

    static final Path CHROMIUM = Path.of(System.getProperty("events.chromium", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("events.chromedriver", "/usr/bin/chromedriver"));
    /** How long a page gets to show what a test waits for, unless the test says otherwise. */
    static final Duration PATIENCE = Duration.ofSeconds(15);

    /** Selenium looks for a DevTools binding matching the browser; these tests use none, so its warning is noise. */
    private static final Logger CDP_VERSION_FINDER = Logger.getLogger("org.openqa.selenium.devtools.CdpVersionFinder");

    static {
        CDP_VERSION_FINDER.setLevel(Level.SEVERE);
    }

    private final ChromeDriverService service;
    private final ChromeDriver driver;
    private final Path profile;

    private Browser(ChromeDriverService service, ChromeDriver driver, Path profile) {
        this.service = service;
        this.driver = driver;
        this.profile = profile;
    }

    /** Whether Chromium and its driver are installed (CI installs Debian's {@code chromium} and {@code chromium-driver}). */
    public static boolean installed() {
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    }

    public static Browser start() {
        // Selenium Manager would look for (and download) drivers and browsers: the paths below are explicit.
        System.setProperty("SE_OFFLINE", "true");
        System.setProperty(ChromeDriverService.CHROME_DRIVER_EXE_PROPERTY, CHROMEDRIVER.toString());
        Path profile = createProfile();
        var service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        var options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--window-size=1280,800", "--user-data-dir=" + profile);
        try {
            var driver = new ChromeDriver(service, options);
            driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
            return new Browser(service, driver, profile);
        } catch (RuntimeException e) {
            service.stop();
            delete(profile);
            throw e;
        }
    }

    public WebDriver driver() {
        return driver;
    }

    public void open(URI page) {
        driver.get(page.toString());
    }

    /** Waits up to {@link #PATIENCE} for the condition to give a value other than null or false. */
    public <T> T await(Function<WebDriver, T> condition) {
        return await(PATIENCE, condition);
    }

    public <T> T await(Duration timeout, Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, timeout, Duration.ofMillis(100)).until(condition::apply);
    }

    /**
     * Runs an async script in the page: its last argument is the callback that ends it, whose argument comes back as
     * a map (JavaScript numbers as {@code Long} or {@code Double}).
     */
    @SuppressWarnings("unchecked")
    public Map<String, Object> run(String script, Object... arguments) {
        return (Map<String, Object>) ((JavascriptExecutor) driver).executeAsyncScript(script, arguments);
    }

    /** Saves what the window shows as a PNG artifact of the build, in {@code target/browser-artifacts}. */
    public Path screenshot(String name) {
        Path file = artifacts().resolve(name + ".png");
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    static Path artifacts() {
        return Path.of(System.getProperty("events.logs", "target/server-logs")).resolveSibling("browser-artifacts");
    }

    /** Quits the browser and its driver process, then removes the profile. */
    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            service.stop();
            delete(profile);
        }
    }

    private static Path createProfile() {
        try {
            return Files.createTempDirectory("events-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a leftover temporary profile does no harm
        }
    }
}
