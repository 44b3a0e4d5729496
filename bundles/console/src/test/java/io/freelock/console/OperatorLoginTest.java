package io.freelock.console;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Where a login may send the browser next: a page of this console, never another site (no open redirect). */
class OperatorLoginTest {

    private static final String ROOT = "/system/console";

    @Test
    void keepsAPageOfTheConsole() {
        assertEquals(ROOT + "/freelock-queues", OperatorLogin.safeTarget(ROOT + "/freelock-queues", ROOT));
        assertEquals(ROOT + "/freelock-metrics?filter=queue", OperatorLogin.safeTarget(ROOT + "/freelock-metrics?filter=queue", ROOT));
        assertEquals(ROOT, OperatorLogin.safeTarget(ROOT, ROOT));
    }

    @Test
    void sendsEverythingElseToTheConsoleRoot() {
        for (String attack : new String[] {null, "", "http://evil.example/", "//evil.example" + ROOT, ROOT + "//evil.example",
                "/system/consolex", ROOT + "/\\evil.example", ROOT + OperatorLogin.LOGIN_PATH, "/metrics",
                ROOT + "/x\r\nSet-Cookie: a=b"}) {
            assertEquals(ROOT + "/", OperatorLogin.safeTarget(attack, ROOT), String.valueOf(attack));
        }
    }
}
