package org.gatehouse.management.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gatehouse.management.metrics.PrometheusText.MetricType;
import org.gatehouse.management.testing.PrometheusScrape;
import org.junit.jupiter.api.Test;

/** The text exposition format 0.0.4 as written, byte for byte, and read back by a strict reader. */
class PrometheusTextTest {

    @Test
    void familiesAreHelpTypeThenSamples() {
        PrometheusText text = new PrometheusText();
        text.family("gatehouse_policy_swaps_total", MetricType.COUNTER, "Swaps.").sample(3);
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("extension", "com.acme.limiter");
        labels.put("outcome", "ok");
        text.family("gatehouse_extension_steps_total", MetricType.COUNTER, "Steps.").sample(labels, 40);
        text.family("gatehouse_flow_duration_seconds", MetricType.SUMMARY, "Durations.").summary(Map.of("message_type", "api"), 0.25, 2);
        assertEquals("""
                # HELP gatehouse_policy_swaps_total Swaps.
                # TYPE gatehouse_policy_swaps_total counter
                gatehouse_policy_swaps_total 3
                # HELP gatehouse_extension_steps_total Steps.
                # TYPE gatehouse_extension_steps_total counter
                gatehouse_extension_steps_total{extension="com.acme.limiter",outcome="ok"} 40
                # HELP gatehouse_flow_duration_seconds Durations.
                # TYPE gatehouse_flow_duration_seconds summary
                gatehouse_flow_duration_seconds_sum{message_type="api"} 0.25
                gatehouse_flow_duration_seconds_count{message_type="api"} 2
                """, text.toString());
    }

    @Test
    void aHistogramHasCumulativeBucketsWithLeThenInfSumAndCount() {
        PrometheusText text = new PrometheusText();
        text.family("gatehouse_http_response_duration_seconds", MetricType.HISTOGRAM, "Answers.")
                .histogram(Map.of("listener", "public"), List.of(0.005, 0.5, 10.0), List.of(1L, 3L, 3L), 0.75, 4);
        assertEquals("""
                # HELP gatehouse_http_response_duration_seconds Answers.
                # TYPE gatehouse_http_response_duration_seconds histogram
                gatehouse_http_response_duration_seconds_bucket{listener="public",le="0.005"} 1
                gatehouse_http_response_duration_seconds_bucket{listener="public",le="0.5"} 3
                gatehouse_http_response_duration_seconds_bucket{listener="public",le="10"} 3
                gatehouse_http_response_duration_seconds_bucket{listener="public",le="+Inf"} 4
                gatehouse_http_response_duration_seconds_sum{listener="public"} 0.75
                gatehouse_http_response_duration_seconds_count{listener="public"} 4
                """, text.toString());
        // a histogram's series are written whole, never as single samples
        assertEquals("histogram family gatehouse_http_response_duration_seconds cannot have a sample named gatehouse_http_response_duration_seconds",
                assertThrows(IllegalStateException.class, () -> text.sample(1)).getMessage());
        PrometheusText counter = new PrometheusText();
        counter.family("gatehouse_policy_swaps_total", MetricType.COUNTER, "Swaps.");
        assertThrows(IllegalStateException.class, () -> counter.histogram(Map.of(), List.of(), List.of(), 0, 0));
    }

    @Test
    void labelValuesEscapeBackslashQuoteAndLineFeedAndReadBackTheSame() {
        String nasty = "ext:c:\\temp\\\"x\"/1.0.0\nsecond line";
        PrometheusText text = new PrometheusText();
        text.family("gatehouse_sandbox_denials_total", MetricType.COUNTER, "Denials; a \\ and a\nline feed.")
                .sample(Map.of("codebase", nasty), 7);
        assertTrue(text.toString().contains("{codebase=\"ext:c:\\\\temp\\\\\\\"x\\\"/1.0.0\\nsecond line\"} 7\n"), text.toString());
        assertTrue(text.toString().contains("# HELP gatehouse_sandbox_denials_total Denials; a \\\\ and a\\nline feed.\n"), text.toString());
        PrometheusScrape scrape = PrometheusScrape.parse(text.toString());
        assertEquals(7, scrape.value("gatehouse_sandbox_denials_total", Map.of("codebase", nasty)));
        assertEquals("Denials; a \\ and a\nline feed.", scrape.family("gatehouse_sandbox_denials_total").orElseThrow().help());
    }

    @Test
    void numbersAreWholeWithoutAFractionAndSpecialValuesAsTheFormatSpellsThem() {
        assertEquals("42", PrometheusText.number(42));
        assertEquals("0", PrometheusText.number(0));
        assertEquals("-3", PrometheusText.number(-3));
        assertEquals("0.125", PrometheusText.number(0.125));
        assertEquals("9007199254740992", PrometheusText.number(9007199254740992d));
        assertEquals("1.0E20", PrometheusText.number(1e20));
        assertEquals("NaN", PrometheusText.number(Double.NaN));
        assertEquals("+Inf", PrometheusText.number(Double.POSITIVE_INFINITY));
        assertEquals("-Inf", PrometheusText.number(Double.NEGATIVE_INFINITY));
    }

    @Test
    void badNamesAndMisplacedSamplesFailWhereTheyAreWritten() {
        PrometheusText text = new PrometheusText();
        assertEquals("a sample needs a family first", assertThrows(IllegalStateException.class, () -> text.sample(1)).getMessage());
        assertEquals("metric name [gatehouse-requests] does not match [a-zA-Z_:][a-zA-Z0-9_:]*",
                assertThrows(IllegalArgumentException.class,
                        () -> text.family("gatehouse-requests", MetricType.COUNTER, "x")).getMessage());
        text.family("gatehouse_requests_total", MetricType.COUNTER, "x");
        assertEquals("label name [route-name] of gatehouse_requests_total does not match [a-zA-Z_][a-zA-Z0-9_]*",
                assertThrows(IllegalArgumentException.class, () -> text.sample(Map.of("route-name", "a"), 1)).getMessage());
        assertEquals("counter family gatehouse_requests_total cannot have a sample named gatehouse_requests_total_sum",
                assertThrows(IllegalStateException.class, () -> text.summary(Map.of(), 1, 1)).getMessage());
        text.family("gatehouse_flow_duration_seconds", MetricType.SUMMARY, "x");
        assertEquals("summary family gatehouse_flow_duration_seconds cannot have a sample named gatehouse_flow_duration_seconds",
                assertThrows(IllegalStateException.class, () -> text.sample(1)).getMessage());
    }

    @Test
    void theReaderRefusesWhatAScraperWould() {
        assertThrows(IllegalArgumentException.class, () -> PrometheusScrape.parse("x 1\n"), "no TYPE first");
        assertThrows(IllegalArgumentException.class, () -> PrometheusScrape.parse("# TYPE x counter\ny 1\n"), "not its family");
        assertThrows(IllegalArgumentException.class, () -> PrometheusScrape.parse("# TYPE x counter\nx{a=\"\\t\"} 1\n"), "bad escape");
        assertThrows(IllegalArgumentException.class, () -> PrometheusScrape.parse("# TYPE x counter\nx 1\nx 2\n"), "series twice");
        assertThrows(IllegalArgumentException.class, () -> PrometheusScrape.parse("# TYPE x counter\nx one\n"), "not a number");
        assertThrows(IllegalArgumentException.class, () -> PrometheusScrape.parse("# TYPE x counter\nx 1"), "no final line feed");
    }
}
