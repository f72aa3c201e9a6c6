package kairos.engine.rules;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/**
 * Rule fact: the decision time in UTC (sessions are UTC, ARCHITECTURE.md). Derived from the event time, never
 * from the wall clock. Session hours match the feature schema: Asia 01-09, Europe 07-16, US 13-22 UTC.
 */
public record SessionState(long time, int hourUtc, int minuteUtc, int dayOfWeek, long nextUtcDay) {

    public static SessionState at(long time) {
        ZonedDateTime t = Instant.ofEpochMilli(time).atZone(ZoneOffset.UTC);
        long nextDay = t.toLocalDate().plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        return new SessionState(time, t.getHour(), t.getMinute(), t.getDayOfWeek().getValue(), nextDay);
    }

    public long getTime() { return time; }
    public int getHourUtc() { return hourUtc; }
    public int getMinuteUtc() { return minuteUtc; }
    /** 1 Monday .. 7 Sunday. */
    public int getDayOfWeek() { return dayOfWeek; }
    /** 00:00 UTC of the next day, epoch ms: when a daily-loss pause ends. */
    public long getNextUtcDay() { return nextUtcDay; }
    public boolean isAsia() { return hourUtc >= 1 && hourUtc < 9; }
    public boolean isEurope() { return hourUtc >= 7 && hourUtc < 16; }
    public boolean isUs() { return hourUtc >= 13 && hourUtc < 22; }
    /** Minutes since 00:00 UTC. */
    public int getMinuteOfDay() { return hourUtc * 60 + minuteUtc; }
}
