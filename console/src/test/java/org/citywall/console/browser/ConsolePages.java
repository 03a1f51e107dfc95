package org.citywall.console.browser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** What every browser test does on the console's pages: log in, log out, keep a screenshot. */
public final class ConsolePages {
    private ConsolePages() {}

    /** Logs in through the log-in form at {@code consoleUrl} and waits until the top bar names the user. */
    public static void logIn(WebDriver browser, WebDriverWait wait, String consoleUrl, String user, String password) {
        submitLogIn(wait, openLogIn(browser, wait, consoleUrl), user, password);
    }

    /** Opens the log-in page and returns its form. */
    public static WebElement openLogIn(WebDriver browser, WebDriverWait wait, String consoleUrl) {
        browser.get(consoleUrl + "/#/login");
        return wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-test=login-form]")));
    }

    /** Fills and submits the log-in {@code form}, and waits until the top bar names the user. */
    public static void submitLogIn(WebDriverWait wait, WebElement form, String user, String password) {
        form.findElement(By.name("username")).sendKeys(user);
        form.findElement(By.name("password")).sendKeys(password);
        form.findElement(By.cssSelector("[data-test=login-submit]")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("[data-test=user]"), user));
    }

    /** Logs out from the top bar and waits for the log-in form. */
    public static void logOut(WebDriver browser, WebDriverWait wait) {
        browser.findElement(By.cssSelector("[data-test=logout]")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-test=login-form]")));
    }

    /** Writes the page as {@code dir/name.png}. */
    public static void screenshot(WebDriver browser, Path dir, String name) {
        try {
            Files.write(dir.resolve(name + ".png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
