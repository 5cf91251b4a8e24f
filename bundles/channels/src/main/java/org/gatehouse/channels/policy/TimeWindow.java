package org.gatehouse.channels.policy;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * Days of the week and a time of day range in a time zone, during which a rule holds. {@code from}
 * is inclusive, {@code to} exclusive, both local times of {@code zone}. When {@code to} is before
 * {@code from} the window runs past midnight and belongs to the day it opens: {@code FRI
 * 22:00-02:00} holds Friday 23:00 and Saturday 01:00, not Friday 01:00.
 *
 * @param days the days a window opens; never empty
 * @param from opening time, inclusive
 * @param to   closing time, exclusive; never equal to {@code from}
 * @param zone the zone the times are read in
 */
public record TimeWindow(Set<DayOfWeek> days, LocalTime from, LocalTime to, ZoneId zone) {
    public TimeWindow {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(zone, "zone");
        if (days.isEmpty()) {
            throw new IllegalArgumentException("a time window needs at least one day");
        }
        if (from.equals(to)) {
            throw new IllegalArgumentException("a time window from " + from + " to " + to + " is empty; to hold all day, leave the window out");
        }
        days = Set.copyOf(EnumSet.copyOf(days));
    }

    /** True when {@code instant}, read in the window's zone, falls inside it. */
    public boolean contains(Instant instant) {
        ZonedDateTime local = instant.atZone(zone);
        LocalTime time = local.toLocalTime();
        DayOfWeek day = local.getDayOfWeek();
        if (from.isBefore(to)) {
            return days.contains(day) && !time.isBefore(from) && time.isBefore(to);
        }
        // past midnight: the evening part belongs to today, the morning part to yesterday's window
        return days.contains(day) && !time.isBefore(from) || days.contains(day.minus(1)) && time.isBefore(to);
    }
}
