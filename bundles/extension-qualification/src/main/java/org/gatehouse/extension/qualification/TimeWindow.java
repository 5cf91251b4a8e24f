package org.gatehouse.extension.qualification;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * Days of the week and a time-of-day range, in UTC, during which a rule applies. {@code from} is
 * inclusive, {@code to} exclusive; when {@code to} is not after {@code from} the range runs past
 * midnight (22:00-06:00), and the day named is the day the instant falls on.
 *
 * @param days the days the window is open; never empty
 * @param from start of the range, inclusive
 * @param to end of the range, exclusive
 */
public record TimeWindow(Set<DayOfWeek> days, LocalTime from, LocalTime to) {
    public TimeWindow {
        if (days.isEmpty()) {
            throw new IllegalArgumentException("a time window needs at least one day");
        }
        days = Set.copyOf(EnumSet.copyOf(days));
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
    }

    /** True when {@code instant}, read in UTC, falls inside the window. */
    public boolean contains(Instant instant) {
        ZonedDateTime utc = instant.atZone(ZoneOffset.UTC);
        if (!days.contains(utc.getDayOfWeek())) {
            return false;
        }
        LocalTime time = utc.toLocalTime();
        if (from.isBefore(to)) {
            return !time.isBefore(from) && time.isBefore(to);
        }
        return !time.isBefore(from) || time.isBefore(to);
    }
}
