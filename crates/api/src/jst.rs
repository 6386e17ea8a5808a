//! Times as a member in Japan reads them, whatever the device's zone.

/// Unix seconds as the time in Japan, whatever the device's zone: 「2026/11/05 14:30」.
pub fn jst_time(unix: i64) -> String {
    let local = unix + 9 * 3600;
    let (year, month, day) = civil_date(local.div_euclid(86_400));
    let seconds = local.rem_euclid(86_400);
    format!("{year:04}/{month:02}/{day:02} {:02}:{:02}", seconds / 3600, seconds % 3600 / 60)
}

/// The proleptic Gregorian date of a day counted from 1970-01-01 (H. Hinnant's `civil_from_days`).
pub(crate) fn civil_date(days: i64) -> (i64, i64, i64) {
    let days = days + 719_468;
    let era = days.div_euclid(146_097);
    let of_era = days.rem_euclid(146_097);
    let year_of_era = (of_era - of_era / 1460 + of_era / 36_524 - of_era / 146_096) / 365;
    let of_year = of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let shifted_month = (5 * of_year + 2) / 153;
    let day = of_year - (153 * shifted_month + 2) / 5 + 1;
    let month = if shifted_month < 10 { shifted_month + 3 } else { shifted_month - 9 };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unix_seconds_read_as_the_time_in_japan_whatever_the_devices_zone() {
        assert_eq!(jst_time(0), "1970/01/01 09:00");
        assert_eq!(jst_time(1_793_856_600), "2026/11/05 14:30");
        // A UTC afternoon on New Year's Eve is already the new year in Japan.
        assert_eq!(jst_time(1_798_729_200), "2027/01/01 00:00");
        assert_eq!(jst_time(1_835_406_299), "2028/02/29 12:04", "a leap day, seconds dropped");
    }
}
