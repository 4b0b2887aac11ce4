//! iCalendar (RFC 5545) for actions: one event a phone's calendar can add ("Add to calendar" on
//! an action's public page).
//!
//! Times are written as *floating* local times (no time zone), because that is how the program
//! keeps them: an action at 19:00 is at 19:00 wherever the calendar is.

use enquete_domain::Timestamp;

/// One event.
pub struct Event<'a> {
    /// Unique and stable for the action (`action-12@enquete.example.org`).
    pub uid: &'a str,
    pub starts_at: Timestamp,
    /// When the file is made.
    pub stamp: Timestamp,
    pub summary: &'a str,
    pub location: &'a str,
    pub description: &'a str,
    pub url: &'a str,
    pub cancelled: bool,
}

/// The calendar file with the event, lines ending in CRLF and folded at 75 octets.
pub fn calendar(e: &Event<'_>) -> String {
    let mut out = String::new();
    let mut line = |name: &str, value: &str| fold(&mut out, &format!("{name}:{value}"));
    line("BEGIN", "VCALENDAR");
    line("VERSION", "2.0");
    line("PRODID", "-//Enquete//Actions//EN");
    line("CALSCALE", "GREGORIAN");
    line("METHOD", "PUBLISH");
    line("BEGIN", "VEVENT");
    line("UID", &text(e.uid));
    line("DTSTAMP", &format!("{}Z", stamp(e.stamp)));
    line("DTSTART", &stamp(e.starts_at));
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
    if e.cancelled {
        line("STATUS", "CANCELLED");
    }
    line("END", "VEVENT");
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
            stamp: Timestamp(1_764_000_000),
            summary: "Rent strike meeting; all welcome, bring a neighbour",
            location: "Zaal Vooruit, Gent",
            description: "Agenda:\n1. Rents\n2. Next steps",
            url: "https://enquete.example.org/a/abc",
            cancelled: false,
        });
        assert!(ics.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
        assert!(ics.contains("\r\nDTSTART:20261205T190000\r\n"), "{ics}");
        assert!(ics.contains("SUMMARY:Rent strike meeting\\; all welcome\\, bring a neighbour"));
        assert!(ics.contains("DESCRIPTION:Agenda:\\n1. Rents\\n2. Next steps"));
        assert!(ics.contains("LOCATION:Zaal Vooruit\\, Gent"));
        assert!(ics.ends_with("END:VEVENT\r\nEND:VCALENDAR\r\n"));
        assert!(!ics.contains("STATUS:CANCELLED"));
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
            stamp: Timestamp(0),
            summary: title,
            location: "",
            description: "",
            url: "",
            cancelled: true,
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
