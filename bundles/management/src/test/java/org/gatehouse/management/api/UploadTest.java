package org.gatehouse.management.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A client's file name is a label: its last segment, without control characters, never a path. */
class UploadTest {
    @ParameterizedTest(name = "[{0}] -> [{1}]")
    @CsvSource(delimiter = '|', value = {
        "limiter.jar              | limiter.jar",
        "../../etc/limiter.jar    | limiter.jar",
        "C:\\\\Users\\\\a\\\\x.jar | x.jar",
        "dir/                     | upload.jar",
        "..                       | upload.jar",
        "''                       | upload.jar",
    })
    void baseName(String given, String expected) {
        assertEquals(expected, Upload.baseName(given));
    }

    @org.junit.jupiter.api.Test
    void controlCharactersAreDropped() {
        assertEquals("ab.jar", Upload.baseName("a\u0000b\n.jar"));
    }
}
