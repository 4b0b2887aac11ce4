//! iCalendar (RFC 5545) for actions: one event a phone's calendar can add ("Add to calendar" on
//! an action's public page), and the feed of a unit's public actions that calendars subscribe to.
//!
//! The program keeps an action's time as the time on the organizers' clock, in the
//! organization's zone ([`TIME_ZONE`], Belgium's): it is written with that zone (`TZID`) and its
//! rules (`VTIMEZONE`), so a calendar elsewhere shows it at the right moment. Each event has a
//! stable `UID` and a `SEQUENCE` raised with each change (a cancellation), so a subscribed
//! calendar updates the event it has instead of adding another.

use enquete_domain::Timestamp;

/// The organization's time zone.
pub const TIME_ZONE: &str = "Europe/Brussels";

/// Central European Time with the EU's summer time (last Sunday of March to last Sunday of
/// October), as RFC 5545 writes a zone's rules.
const VTIMEZONE: [&str; 17] = [
    "BEGIN:VTIMEZONE",
    "TZID:Europe/Brussels",
    "BEGIN:DAYLIGHT",
    "TZOFFSETFROM:+0100",
    "TZOFFSETTO:+0200",
    "TZNAME:CEST",
    "DTSTART:19700329T020000",
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
    "END:DAYLIGHT",
    "BEGIN:STANDARD",
    "TZOFFSETFROM:+0200",
    "TZOFFSETTO:+0100",
    "TZNAME:CET",
    "DTSTART:19701025T030000",
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
    "END:STANDARD",
    "END:VTIMEZONE",
];

/// One event.
pub struct Event<'a> {
    /// Unique and stable for the action (`action-12@enquete.example.org`).
    pub uid: &'a str,
    pub starts_at: Timestamp,
    /// When it ends, if known.
    pub ends_at: Option<Timestamp>,
    /// When the file is made.
    pub stamp: Timestamp,
    pub summary: &'a str,
    pub location: &'a str,
    pub description: &'a str,
    pub url: &'a str,
    pub cancelled: bool,
    /// Raised with each change.
    pub sequence: i64,
}

/// The calendar file with one event, lines ending in CRLF and folded at 75 octets.
pub fn calendar(e: &Event<'_>) -> String {
    feed("", std::slice::from_ref(e))
}

/// A calendar of events, named (`X-WR-CALNAME`, what a subscribed calendar is called) unless
/// the name is empty.
pub fn feed(name: &str, events: &[Event<'_>]) -> String {
    let mut out = String::new();
    let mut line = |name: &str, value: &str| fold(&mut out, &format!("{name}:{value}"));
    line("BEGIN", "VCALENDAR");
    line("VERSION", "2.0");
    line("PRODID", "-//Enquete//Actions//EN");
    line("CALSCALE", "GREGORIAN");
    line("METHOD", "PUBLISH");
    if !name.is_empty() {
        line("X-WR-CALNAME", &text(name));
        line("X-WR-TIMEZONE", TIME_ZONE);
    }
    for l in VTIMEZONE {
        let (k, v) = l.split_once(':').unwrap_or((l, ""));
        line(k, v);
    }
    for e in events {
        line("BEGIN", "VEVENT");
        line("UID", &text(e.uid));
        line("DTSTAMP", &format!("{}Z", stamp(e.stamp)));
        line(&format!("DTSTART;TZID={TIME_ZONE}"), &stamp(e.starts_at));
        if let Some(end) = e.ends_at {
            line(&format!("DTEND;TZID={TIME_ZONE}"), &stamp(end));
        }
        line("SEQUENCE", &e.sequence.to_string());
        line("SUMMARY", &text(e.summary));
        if !e.location.is_empty() {
            line("LOCATION", &text(e.location));
        }
        if !e.description.is_empty() {
            line("DESCRIPTION", &text(e.description));
        }
        if !e.url.is_empty() {
            line("URL", e.url);
        }
        line(
            "STATUS",
            if e.cancelled {
                "CANCELLED"
            } else {
                "CONFIRMED"
            },
        );
        line("END", "VEVENT");
    }
    line("END", "VCALENDAR");
    out
}

/// `YYYYMMDDTHHMMSS`.
fn stamp(t: Timestamp) -> String {
    t.display()
        .chars()
        .filter(char::is_ascii_digit)
        .chain("00".chars())
        .enumerate()
        .flat_map(|(i, c)| (i == 8).then_some('T').into_iter().chain([c]))
        .collect()
}

/// A TEXT value: backslash, semicolon, comma and line breaks escaped.
fn text(v: &str) -> String {
    let mut out = String::with_capacity(v.len());
    for c in v.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Appends a content line, folded so that no line is longer than 75 octets (a continuation
/// starts with a space), never inside a character.
fn fold(out: &mut String, line: &str) {
    let mut width = 0;
    for c in line.chars() {
        if width + c.len_utf8() > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += c.len_utf8();
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_action_becomes_one_event() {
        let ics = calendar(&Event {
            uid: "action-7@enquete.example.org",
            // 2026-12-05 19:00
            starts_at: Timestamp(1_796_497_200),
            ends_at: None,
            stamp: Timestamp(1_764_000_000),
            summary: "Rent strike meeting; all welcome, bring a neighbour",
            location: "Zaal Vooruit, Gent",
            description: "Agenda:\n1. Rents\n2. Next steps",
            url: "https://enquete.example.org/a/abc",
            cancelled: false,
            sequence: 0,
        });
        assert!(ics.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
        assert!(
            ics.contains("\r\nDTSTART;TZID=Europe/Brussels:20261205T190000\r\n"),
            "{ics}"
        );
        assert!(ics.contains("BEGIN:VTIMEZONE\r\nTZID:Europe/Brussels\r\n"));
        assert!(ics.contains("\r\nSEQUENCE:0\r\nSUMMARY"));
        assert!(ics.contains("SUMMARY:Rent strike meeting\\; all welcome\\, bring a neighbour"));
        assert!(ics.contains("DESCRIPTION:Agenda:\\n1. Rents\\n2. Next steps"));
        assert!(ics.contains("LOCATION:Zaal Vooruit\\, Gent"));
        assert!(ics.ends_with("END:VEVENT\r\nEND:VCALENDAR\r\n"));
        assert!(!ics.contains("STATUS:CANCELLED") && ics.contains("STATUS:CONFIRMED"));
        for line in ics.split("\r\n") {
            assert!(line.len() <= 75, "{line}");
        }
    }

    #[test]
    fn long_lines_fold_between_characters() {
        let title = "Manifestation pour le droit au logement à Liège, Bruxelles et Charleroi — été";
        let ics = calendar(&Event {
            uid: "action-1@x",
            starts_at: Timestamp(0),
            ends_at: Some(Timestamp(3_600)),
            stamp: Timestamp(0),
            summary: title,
            location: "",
            description: "",
            url: "",
            cancelled: true,
            sequence: 1,
        });
        assert!(ics.contains("STATUS:CANCELLED") && !ics.contains("LOCATION"));
        // Unfolded (CRLF + space removed), the title is whole.
        let unfolded = ics.replace("\r\n ", "");
        assert!(unfolded.contains(&format!("SUMMARY:{}", text(title))));
        for line in ics.split("\r\n") {
            assert!(line.len() <= 75);
        }
    }
}
