//! Calendar time, done by chrono in an IANA time zone.
//!
//! Instants are unix milliseconds UTC — as the database stores them and as
//! they cross the wire. Everything calendar — which day or month an instant
//! falls in, "this month", the last twelve months, the last thirty days,
//! year to date, a day typed as `2026-03-15`, how a date reads — belongs to
//! a [`Zone`]: each organization's own (set at creation, editable by its
//! owner). There is no clock here: callers pass `now`.
//!
//! Local times that do not exist (the hour skipped when clocks go forward)
//! move forward by the gap; local times that happen twice (when clocks go
//! back) take the first of the two.

#[cfg(not(target_arch = "wasm32"))]
use chrono::TimeZone;
use chrono::{DateTime, Datelike, Days, LocalResult, Months, NaiveDate, NaiveDateTime, NaiveTime, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum TimeError {
    #[error("“{0}” is not a time zone; choose one from the list (e.g. Europe/London, America/New_York).")]
    UnknownZone(String),
}

/// An IANA time zone, e.g. `Europe/London`. Serialized as its name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Zone(Tz);

impl Default for Zone {
    fn default() -> Self {
        Zone::UTC
    }
}

impl Zone {
    pub const UTC: Zone = Zone(Tz::UTC);

    /// An IANA zone name, exactly as listed (`Europe/London`, `UTC`).
    pub fn parse(name: &str) -> Result<Zone, TimeError> {
        name.trim().parse::<Tz>().map(Zone).map_err(|_| TimeError::UnknownZone(name.trim().to_string()))
    }

    pub fn name(&self) -> &'static str {
        self.0.name()
    }

    /// Every zone people can choose, by name.
    pub fn all() -> impl Iterator<Item = Zone> {
        chrono_tz::TZ_VARIANTS.iter().copied().map(Zone)
    }

    /// The wall clock here at an instant, and the abbreviation of that
    /// clock ("GMT", "BST", "+04").
    fn local(&self, ms: i64) -> (NaiveDateTime, String) {
        let utc = DateTime::<Utc>::from_timestamp_millis(ms).unwrap_or_default();
        #[cfg(not(target_arch = "wasm32"))]
        {
            let t = utc.with_timezone(&self.0);
            (t.naive_local(), t.format("%Z").to_string())
        }
        #[cfg(target_arch = "wasm32")]
        {
            let (offset, name) = browser::offset_at(*self, utc.timestamp());
            (utc.naive_utc() + chrono::Duration::seconds(i64::from(offset)), name)
        }
    }

    /// The calendar day an instant falls on, here.
    pub fn date(&self, ms: i64) -> NaiveDate {
        self.local(ms).0.date()
    }

    /// The instant a local date and time names here (see the module notes
    /// for the hour skipped or repeated by a daylight-saving change).
    pub fn instant(&self, local: NaiveDateTime) -> i64 {
        #[cfg(not(target_arch = "wasm32"))]
        let (found, offset_before) = (self.0.from_local_datetime(&local).map(|t| t.timestamp()), || {
            chrono::Offset::fix(&self.0.offset_from_utc_datetime(&(local - chrono::Duration::hours(3)))).local_minus_utc()
        });
        #[cfg(target_arch = "wasm32")]
        let (found, offset_before) = browser::local_to_utc(*self, local);
        match found {
            LocalResult::Single(t) => t * 1000,
            LocalResult::Ambiguous(first, _) => first * 1000,
            LocalResult::None => {
                // In a gap: the wall clock jumped over it. The same time
                // read with the offset from just before the gap lands after it.
                (local.and_utc().timestamp() - i64::from(offset_before())) * 1000
            }
        }
    }

    /// This zone's clock changes between 1970 and 2100, for a browser
    /// (which carries no time-zone database; see [`ZoneRules`]).
    #[cfg(not(target_arch = "wasm32"))]
    pub fn rules(&self) -> ZoneRules {
        rules::of(*self)
    }

    /// The first instant of a day here.
    pub fn start_of_day(&self, date: NaiveDate) -> i64 {
        self.instant(date.and_time(NaiveTime::MIN))
    }

    /// The first instant of the month `ms` falls in.
    pub fn month_start(&self, ms: i64) -> i64 {
        let d = self.date(ms);
        self.start_of_day(d.with_day(1).unwrap_or(d))
    }

    /// The first instant of the year `ms` falls in (year to date starts here).
    pub fn year_start(&self, ms: i64) -> i64 {
        let d = self.date(ms);
        self.start_of_day(NaiveDate::from_ymd_opt(d.year(), 1, 1).unwrap_or(d))
    }

    /// The same moment of the day `months` calendar months earlier (the
    /// last day of that month when it is shorter).
    pub fn months_before(&self, ms: i64, months: u32) -> i64 {
        let local = self.local(ms).0;
        self.instant(local.checked_sub_months(Months::new(months)).unwrap_or(local))
    }

    /// A day typed as `YYYY-MM-DD`: its first instant here.
    pub fn parse_day(&self, input: &str) -> Option<i64> {
        parse_date(input).map(|d| self.start_of_day(d))
    }

    /// How many calendar months `at` lies before the month of `now` (0 =
    /// the same month), or `None` when it is later.
    pub fn months_back(&self, at: i64, now: i64) -> Option<u32> {
        let (a, n) = (self.date(at), self.date(now));
        let back = (n.year() - a.year()) * 12 + n.month() as i32 - a.month() as i32;
        u32::try_from(back).ok()
    }

    /// Index 0‥11 of the month of `at` among the twelve months ending with
    /// the month of `now` (11 = this month).
    pub fn month_slot(&self, at: i64, now: i64) -> Option<usize> {
        self.months_back(at, now).filter(|b| *b < 12).map(|b| 11 - b as usize)
    }

    /// The twelve months' short names ending with this month.
    pub fn month_labels(&self, now: i64) -> Vec<String> {
        let m = self.date(now).month0() as usize;
        (0..12).map(|i| MONTHS[(m + 1 + i) % 12].to_string()).collect()
    }

    /// Index 0‥29 of the day of `at` among the thirty days ending today.
    pub fn day_slot(&self, at: i64, now: i64) -> Option<usize> {
        let back = (self.date(now) - self.date(at)).num_days();
        (0..30).contains(&back).then(|| (29 - back) as usize)
    }

    /// The thirty days' labels ("Mar 15") ending today.
    pub fn day_labels(&self, now: i64) -> Vec<String> {
        let today = self.date(now);
        (0..30u64)
            .map(|i| {
                let d = today.checked_sub_days(Days::new(29 - i)).unwrap_or(today);
                format!("{} {}", MONTHS[d.month0() as usize], d.day())
            })
            .collect()
    }

    /// The first instant of the day thirty days before today's (a 30-day window).
    pub fn thirty_days_ago(&self, now: i64) -> i64 {
        let today = self.date(now);
        self.start_of_day(today.checked_sub_days(Days::new(29)).unwrap_or(today))
    }

    /// "26 Nov 2025"
    pub fn format_date(&self, ms: i64) -> String {
        let d = self.date(ms);
        format!("{} {} {}", d.day(), MONTHS[d.month0() as usize], d.year())
    }

    /// "26 Nov 2025, 14:03 GMT": the zone's abbreviation says which clock.
    pub fn format_datetime(&self, ms: i64) -> String {
        let (t, clock) = self.local(ms);
        format!("{}, {} {clock}", self.format_date(ms), t.format("%H:%M"))
    }

    /// "2025-11-26", as forms and query strings carry a day.
    pub fn iso_date(&self, ms: i64) -> String {
        self.date(ms).format("%Y-%m-%d").to_string()
    }
}

impl std::fmt::Display for Zone {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl TryFrom<String> for Zone {
    type Error = TimeError;
    fn try_from(name: String) -> Result<Self, Self::Error> {
        Zone::parse(&name)
    }
}

impl Serialize for Zone {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

impl<'de> Deserialize<'de> for Zone {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let name = String::deserialize(deserializer)?;
        Zone::parse(&name).map_err(serde::de::Error::custom)
    }
}

/// A zone's clocks as a browser needs them: every change of offset or
/// abbreviation between 1970 and 2100, read from the server's time-zone
/// database. The browser has no database of its own (chrono-tz's is
/// 0.9 MB of WASM); `Me` carries the organization's rules, and
/// deserializing them in the browser makes that zone's dates read there
/// exactly as on the server. Before 1970 the first clock applies, after
/// 2100 the last.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "RulesWire", into = "RulesWire")]
pub struct ZoneRules {
    zone: Zone,
    /// `(first second UTC, offset east of UTC in seconds, abbreviation)`,
    /// ascending; the first one holds from the beginning of time.
    spans: Vec<(i64, i32, String)>,
}

/// The wire form: abbreviations listed once, spans pointing at them.
#[derive(Clone, Serialize, Deserialize)]
struct RulesWire {
    zone: Zone,
    names: Vec<String>,
    spans: Vec<(i64, i32, usize)>,
}

impl From<ZoneRules> for RulesWire {
    fn from(r: ZoneRules) -> RulesWire {
        let mut names: Vec<String> = Vec::new();
        let spans = r
            .spans
            .into_iter()
            .map(|(start, offset, name)| {
                let i = names.iter().position(|n| *n == name).unwrap_or_else(|| {
                    names.push(name);
                    names.len() - 1
                });
                (start, offset, i)
            })
            .collect();
        RulesWire { zone: r.zone, names, spans }
    }
}

impl TryFrom<RulesWire> for ZoneRules {
    type Error = String;
    fn try_from(w: RulesWire) -> Result<ZoneRules, String> {
        let mut spans = Vec::with_capacity(w.spans.len());
        for (start, offset, i) in w.spans {
            let name = w.names.get(i).ok_or("a clock names an abbreviation that is not listed")?;
            if spans.last().is_some_and(|(prev, _, _): &(i64, i32, String)| *prev >= start) {
                return Err("clock changes are out of order".into());
            }
            spans.push((start, offset, name.clone()));
        }
        if spans.is_empty() {
            return Err("a zone needs at least one clock".into());
        }
        let rules = ZoneRules { zone: w.zone, spans };
        #[cfg(target_arch = "wasm32")]
        browser::install(&rules);
        Ok(rules)
    }
}

impl ZoneRules {
    pub fn zone(&self) -> Zone {
        self.zone
    }

    /// The offset (seconds east of UTC) and abbreviation at a UTC second.
    pub fn offset_at(&self, utc_secs: i64) -> (i32, &str) {
        let i = self.spans.partition_point(|s| s.0 <= utc_secs).saturating_sub(1);
        let (_, offset, name) = &self.spans[i];
        (*offset, name)
    }

    /// The UTC seconds a wall-clock time names (none in a gap, two when
    /// the clock goes back), and the offset three hours before it (how
    /// [`Zone::instant`] places a time inside a gap).
    pub fn local_to_utc(&self, local: NaiveDateTime) -> (LocalResult<i64>, i32) {
        let wall = local.and_utc().timestamp();
        // Offsets lie within ±26 h: every clock in use a day either side.
        let from = self.spans.partition_point(|s| s.0 <= wall - 2 * 86_400).saturating_sub(1);
        let to = self.spans.partition_point(|s| s.0 <= wall + 2 * 86_400);
        let mut found: Vec<i64> =
            self.spans[from..to.max(from + 1)].iter().map(|s| wall - i64::from(s.1)).filter(|utc| i64::from(self.offset_at(*utc).0) == wall - utc).collect();
        found.sort_unstable();
        found.dedup();
        let result = match found.as_slice() {
            [] => LocalResult::None,
            [one] => LocalResult::Single(*one),
            [first, .., last] => LocalResult::Ambiguous(*first, *last),
        };
        (result, self.offset_at(wall - 3 * 3600).0)
    }
}

#[cfg(not(target_arch = "wasm32"))]
mod rules {
    use super::{Zone, ZoneRules};
    use chrono::{DateTime, Offset, TimeZone, Utc};
    use std::collections::HashMap;
    use std::sync::{Mutex, OnceLock};

    /// 1970-01-01 and 2100-01-01, UTC seconds.
    const FROM: i64 = 0;
    const UNTIL: i64 = 4_102_444_800;
    /// No zone changes its clock twice within three hours.
    const STEP: i64 = 3 * 3600;

    fn clock(zone: Zone, secs: i64) -> (i32, String) {
        let t = DateTime::<Utc>::from_timestamp(secs, 0).unwrap_or_default().with_timezone(&zone.0);
        (t.offset().fix().local_minus_utc(), t.format("%Z").to_string())
    }

    fn scan(zone: Zone) -> ZoneRules {
        let (offset, name) = clock(zone, FROM);
        let mut spans = vec![(i64::MIN, offset, name)];
        let offset_of = |secs: i64| zone.0.offset_from_utc_datetime(&DateTime::<Utc>::from_timestamp(secs, 0).unwrap_or_default().naive_utc());
        let mut at = FROM;
        let mut current = offset_of(at);
        while at < UNTIL {
            let next = at + STEP;
            let there = offset_of(next);
            if there != current {
                // The first second of the new clock, by halving.
                let (mut lo, mut hi) = (at, next);
                while hi - lo > 1 {
                    let mid = lo + (hi - lo) / 2;
                    if offset_of(mid) == current {
                        lo = mid;
                    } else {
                        hi = mid;
                    }
                }
                let (offset, name) = clock(zone, hi);
                spans.push((hi, offset, name));
                current = there;
            }
            at = next;
        }
        ZoneRules { zone, spans }
    }

    /// The rules of a zone, scanned once per process.
    pub(super) fn of(zone: Zone) -> ZoneRules {
        static CACHE: OnceLock<Mutex<HashMap<Zone, ZoneRules>>> = OnceLock::new();
        let cache = CACHE.get_or_init(Default::default);
        if let Some(r) = cache.lock().unwrap_or_else(|e| e.into_inner()).get(&zone) {
            return r.clone();
        }
        let rules = scan(zone);
        cache.lock().unwrap_or_else(|e| e.into_inner()).insert(zone, rules.clone());
        rules
    }
}

/// In the browser a zone reads through the rules the server sent (see
/// [`ZoneRules`]); UTC, and a zone whose rules never arrived, read as UTC.
#[cfg(target_arch = "wasm32")]
mod browser {
    use super::{Zone, ZoneRules};
    use chrono::{LocalResult, NaiveDateTime};
    use std::cell::RefCell;

    thread_local! {
        static KNOWN: RefCell<Vec<ZoneRules>> = const { RefCell::new(Vec::new()) };
    }

    pub(super) fn install(rules: &ZoneRules) {
        KNOWN.with(|k| {
            let mut k = k.borrow_mut();
            k.retain(|r| r.zone != rules.zone);
            k.push(rules.clone());
        });
    }

    fn with<T>(zone: Zone, f: impl FnOnce(&ZoneRules) -> T, utc: impl FnOnce() -> T) -> T {
        KNOWN.with(|k| match k.borrow().iter().find(|r| r.zone == zone) {
            Some(r) => f(r),
            None => utc(),
        })
    }

    pub(super) fn offset_at(zone: Zone, utc_secs: i64) -> (i32, String) {
        with(
            zone,
            |r| {
                let (o, n) = r.offset_at(utc_secs);
                (o, n.to_string())
            },
            || (0, "UTC".to_string()),
        )
    }

    pub(super) fn local_to_utc(zone: Zone, local: NaiveDateTime) -> (LocalResult<i64>, impl FnOnce() -> i32) {
        let (found, before) = with(zone, |r| r.local_to_utc(local), || (LocalResult::Single(local.and_utc().timestamp()), 0));
        (found, move || before)
    }
}

/// A day typed as `YYYY-MM-DD` (years 1970‥9999); `None` for anything else
/// or a day that does not exist.
pub fn parse_date(input: &str) -> Option<NaiveDate> {
    let s = input.trim();
    if s.len() != 10 || s.as_bytes()[4] != b'-' || s.as_bytes()[7] != b'-' {
        return None;
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok().filter(|d| (1970..=9999).contains(&d.year()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn z(name: &str) -> Zone {
        Zone::parse(name).unwrap()
    }

    fn utc(s: &str) -> i64 {
        DateTime::parse_from_rfc3339(s).unwrap().timestamp_millis()
    }

    #[test]
    fn known_dates_in_utc() {
        let u = Zone::UTC;
        assert_eq!(u.format_date(0), "1 Jan 1970");
        assert_eq!(u.format_date(1_764_115_200_000), "26 Nov 2025");
        assert_eq!(u.format_date(951_782_400_000), "29 Feb 2000");
        assert_eq!(u.format_datetime(1_764_115_200_000 + 14 * 3_600_000 + 3 * 60_000), "26 Nov 2025, 14:03 UTC");
        assert_eq!(u.format_date(-86_400_000), "31 Dec 1969");
        assert_eq!(u.parse_day("2026-03-15"), Some(1_773_532_800_000));
    }

    #[test]
    fn zones_are_named_and_unknown_ones_refused() {
        assert_eq!(z("Europe/London").name(), "Europe/London");
        assert!(Zone::parse("Mars/Olympus_Mons").is_err());
        assert!(Zone::parse("").is_err());
        assert!(Zone::all().any(|x| x.name() == "Asia/Hong_Kong"));
        assert_eq!(serde_json::to_string(&z("Asia/Tokyo")).unwrap(), "\"Asia/Tokyo\"");
        assert_eq!(serde_json::from_str::<Zone>("\"Asia/Tokyo\"").unwrap(), z("Asia/Tokyo"));
        assert!(serde_json::from_str::<Zone>("\"Nowhere\"").is_err());
    }

    #[test]
    fn the_month_boundary_is_the_zones() {
        // 23:30 UTC on 31 March is already 1 April in Berlin (UTC+2 in summer).
        let late = utc("2026-03-31T23:30:00Z");
        let berlin = z("Europe/Berlin");
        assert_eq!(berlin.format_date(late), "1 Apr 2026");
        assert_eq!(Zone::UTC.format_date(late), "31 Mar 2026");
        let now = utc("2026-04-15T12:00:00Z");
        assert_eq!(berlin.month_slot(late, now), Some(11), "this month in Berlin");
        assert_eq!(Zone::UTC.month_slot(late, now), Some(10), "last month in UTC");
        assert_eq!(berlin.month_start(now), utc("2026-03-31T22:00:00Z"));
        // New York is still on 31 March at 02:00 UTC on 1 April.
        assert_eq!(z("America/New_York").month_start(utc("2026-04-01T02:00:00Z")), utc("2026-03-01T05:00:00Z"));
        assert_eq!(berlin.year_start(now), utc("2025-12-31T23:00:00Z"));
    }

    #[test]
    fn daylight_saving_changes_are_the_zones() {
        let london = z("Europe/London");
        // Clocks go forward at 01:00 on 29 March 2026: 00:30 GMT and 03:30 BST are two hours apart.
        let before = london.instant(NaiveDate::from_ymd_opt(2026, 3, 29).unwrap().and_hms_opt(0, 30, 0).unwrap());
        let after = london.instant(NaiveDate::from_ymd_opt(2026, 3, 29).unwrap().and_hms_opt(3, 30, 0).unwrap());
        assert_eq!(after - before, 2 * 3_600_000);
        assert_eq!(london.format_datetime(before), "29 Mar 2026, 00:30 GMT");
        assert_eq!(london.format_datetime(after), "29 Mar 2026, 03:30 BST");
        // 01:30 does not exist that night: it reads as 02:30 BST.
        let gap = london.instant(NaiveDate::from_ymd_opt(2026, 3, 29).unwrap().and_hms_opt(1, 30, 0).unwrap());
        assert_eq!(london.format_datetime(gap), "29 Mar 2026, 02:30 BST");
        // 01:30 happens twice on 25 October: the first (BST) one.
        let twice = london.instant(NaiveDate::from_ymd_opt(2026, 10, 25).unwrap().and_hms_opt(1, 30, 0).unwrap());
        assert_eq!(twice, utc("2026-10-25T00:30:00Z"));
        // A day is 23 or 25 hours long around the change, and the window keeps whole days.
        let ny = z("America/New_York");
        let d = |s| ny.parse_day(s).unwrap();
        assert_eq!(d("2026-03-09") - d("2026-03-08"), 23 * 3_600_000);
        assert_eq!(d("2026-11-02") - d("2026-11-01"), 25 * 3_600_000);
        assert_eq!(ny.day_slot(d("2026-03-08") + 3_600_000, d("2026-03-09") + 3_600_000), Some(28));
    }

    #[test]
    fn twelve_months_and_thirty_days_end_now() {
        let u = Zone::UTC;
        let now = u.parse_day("2026-03-15").unwrap();
        assert_eq!(u.month_slot(now, now), Some(11));
        assert_eq!(u.month_slot(u.parse_day("2026-02-28").unwrap(), now), Some(10));
        assert_eq!(u.month_slot(u.parse_day("2025-04-01").unwrap(), now), Some(0));
        assert_eq!(u.month_slot(u.parse_day("2025-03-31").unwrap(), now), None);
        assert_eq!(u.month_slot(u.parse_day("2026-04-01").unwrap(), now), None, "the future is in no slot");
        assert_eq!(u.month_labels(now).first().map(String::as_str), Some("Apr"));
        assert_eq!(u.month_labels(now).last().map(String::as_str), Some("Mar"));
        assert_eq!(u.day_slot(now + 5_000, now), Some(29));
        assert_eq!(u.day_slot(now - 29 * 86_400_000, now), Some(0));
        assert_eq!(u.day_slot(now - 30 * 86_400_000, now), None);
        assert_eq!(u.day_labels(now).last().map(String::as_str), Some("Mar 15"));
        assert_eq!(u.day_labels(now).first().map(String::as_str), Some("Feb 14"));
        assert_eq!(u.month_start(now), u.parse_day("2026-03-01").unwrap());
        assert_eq!(u.thirty_days_ago(now), u.parse_day("2026-02-14").unwrap());
        assert_eq!(u.months_before(u.parse_day("2026-03-31").unwrap(), 1), u.parse_day("2026-02-28").unwrap());
        assert_eq!(u.iso_date(now), "2026-03-15");
    }

    #[test]
    fn the_browsers_rules_read_every_clock_as_the_database_does() {
        // Half-hour and 45-minute offsets, a skipped day (Apia, Dec 2011),
        // Ramadan breaks (Casablanca), zones that dropped DST, and London.
        let zones = [
            "Europe/London",
            "America/New_York",
            "Australia/Lord_Howe",
            "Asia/Kathmandu",
            "Pacific/Apia",
            "Africa/Casablanca",
            "Europe/Moscow",
            "America/Sao_Paulo",
            "Asia/Tokyo",
            "UTC",
        ];
        for name in zones {
            let zone = z(name);
            let rules = zone.rules();
            // The wire form round-trips.
            let back: ZoneRules = serde_json::from_str(&serde_json::to_string(&rules).unwrap()).unwrap();
            assert_eq!(back, rules, "{name}");
            // Every fifth hour of 1970‥2099, offset by a prime number of
            // seconds so minutes and seconds vary, and each change's neighbours.
            let mut probes: Vec<i64> = (0..130 * 365 * 24 / 5).map(|h: i64| h * 5 * 3600 + (h * 7919) % 3600).collect();
            for (start, _, _) in rules.spans.iter().skip(1) {
                probes.extend([start - 1, *start, start + 1]);
            }
            for secs in probes {
                let t = DateTime::<Utc>::from_timestamp(secs, 0).unwrap().with_timezone(&zone.0);
                let (offset, abbr) = rules.offset_at(secs);
                assert_eq!(offset, chrono::Offset::fix(t.offset()).local_minus_utc(), "{name} at {secs}");
                assert_eq!(abbr, t.format("%Z").to_string(), "{name} at {secs}");
            }
            // Wall-clock times, including the ones a change skips or repeats.
            for (start, _, _) in rules.spans.iter().skip(1).take(400) {
                for delta in [-5400, -3600, -1800, -1, 0, 1, 1800, 3600, 5400] {
                    let local = DateTime::<Utc>::from_timestamp(start + delta, 0).unwrap().naive_utc();
                    let expected = zone.0.from_local_datetime(&local).map(|t| t.timestamp());
                    assert_eq!(rules.local_to_utc(local).0, expected, "{name} at wall {local}");
                }
            }
        }
    }

    #[test]
    fn rules_from_the_wire_are_checked() {
        let bad = r#"{"zone":"Europe/London","names":["GMT"],"spans":[[0,0,3]]}"#;
        assert!(serde_json::from_str::<ZoneRules>(bad).is_err());
        let unordered = r#"{"zone":"Europe/London","names":["GMT"],"spans":[[5,0,0],[1,0,0]]}"#;
        assert!(serde_json::from_str::<ZoneRules>(unordered).is_err());
        assert!(serde_json::from_str::<ZoneRules>(r#"{"zone":"UTC","names":[],"spans":[]}"#).is_err());
    }

    #[test]
    fn days_parse_strictly() {
        assert_eq!(parse_date("2026-03-15"), NaiveDate::from_ymd_opt(2026, 3, 15));
        assert_eq!(parse_date(" 2026-03-15 "), NaiveDate::from_ymd_opt(2026, 3, 15));
        assert_eq!(parse_date("2026-02-31"), None);
        assert_eq!(parse_date("15/03/2026"), None);
        assert_eq!(parse_date("2026-3-15"), None);
        assert_eq!(parse_date("1969-12-31"), None);
        assert_eq!(parse_date(""), None);
    }
}
