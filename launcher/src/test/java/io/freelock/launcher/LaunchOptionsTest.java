package io.freelock.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class LaunchOptionsTest {

    @Test
    void anOptionTakesItsValueAfterAnEqualsSignOrAsTheNextArgument() {
        LaunchOptions joined = LaunchOptions.parse("--demo=10s", "--data=/tmp/d", "--deploy=dep", "--http-port=0");
        LaunchOptions apart = LaunchOptions.parse("--demo", "10s", "--data", "/tmp/d", "--deploy", "dep", "--http-port", "0");
        for (LaunchOptions options : new LaunchOptions[] {joined, apart}) {
            assertEquals(Optional.of(Duration.ofSeconds(10)), options.demo);
            assertEquals(Path.of("/tmp/d"), options.data);
            assertEquals(Path.of("dep"), options.deploy);
            assertEquals(0, options.httpPort);
        }
    }

    @Test
    void aValueMayItselfHoldAnEqualsSign() {
        assertEquals(Path.of("a=b"), LaunchOptions.parse("--data=a=b").data);
    }

    @Test
    void aBadValueAfterTheEqualsSignIsNamed() {
        assertEquals("duration 'soon' is not a number followed by ms, s, m or h",
                assertThrows(IllegalArgumentException.class, () -> LaunchOptions.parse("--demo=soon")).getMessage());
        assertEquals("--demo needs a value after '='",
                assertThrows(IllegalArgumentException.class, () -> LaunchOptions.parse("--demo=")).getMessage());
        assertEquals("unknown argument '--colour=red'",
                assertThrows(IllegalArgumentException.class, () -> LaunchOptions.parse("--colour=red")).getMessage());
        assertEquals("--data needs a value",
                assertThrows(IllegalArgumentException.class, () -> LaunchOptions.parse("--data")).getMessage());
    }
}
