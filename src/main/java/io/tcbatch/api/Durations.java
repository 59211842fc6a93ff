package io.tcbatch.api;

import java.time.Duration;

/** One way to say a duration to a person, for every message: "42 s", "7 min 3 s", "2 h 5 min". */
public final class Durations {
    private Durations() {
    }

    /** Whole seconds; a zero last part is left out ("2 min", "1 h"). */
    public static String human(Duration d) {
        long s = d.getSeconds();
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return (s / 60) + " min" + (s % 60 == 0 ? "" : " " + (s % 60) + " s");
        }
        long min = (s % 3600) / 60;
        return (s / 3600) + " h" + (min == 0 ? "" : " " + min + " min");
    }
}
