//! Texts (SMS) through an HTTP gateway: the request is made from a template the organization
//! configures for its provider (`{to}`, `{text}`, `{id}` filled in, escaped for JSON or for a
//! form as the body's type asks), the gateway reports delivery to `/sms/receipt/{secret}` and
//! forwards answers to `/sms/inbound/{secret}`, where STOP (and its translations) withdraws
//! consent. Before sending, the length in characters and in SMS parts, and the cost, are shown.

use std::time::Duration;

/// How a provider's gateway is called.
#[derive(Debug, Clone, Default)]
pub struct Gateway {
    /// Where texts are POSTed.
    pub url: String,
    /// The request body with `{to}` (the number, +32...), `{text}` and `{id}` (our reference,
    /// which the gateway sends back with its delivery reports).
    pub body: String,
    /// `application/json` or `application/x-www-form-urlencoded`.
    pub content_type: String,
    /// An extra header, such as `Authorization: Bearer ...`.
    pub header: Option<(String, String)>,
}

/// The line added to every text, per language: how to stop them.
pub fn stop_line(language: &str) -> &'static str {
    match language {
        "nl" => "Antwoord STOP om geen sms meer te krijgen.",
        "fr" => "Répondez STOP pour ne plus recevoir de SMS.",
        "de" => "Antworte STOPP, um keine SMS mehr zu bekommen.",
        _ => "Reply STOP to receive no more texts.",
    }
}

/// Whether an answer asks to stop, in any of the four languages (the word alone, any case,
/// accents and punctuation ignored).
pub fn is_stop(text: &str) -> bool {
    let word: String = text
        .trim()
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect();
    let word = word.replace(['ê', 'é', 'è'], "e");
    matches!(
        word.as_str(),
        "stop"
            | "stopp"
            | "arret"
            | "arreter"
            | "stoppen"
            | "uitschrijven"
            | "desinscrire"
            | "abmelden"
            | "unsubscribe"
            | "stopall"
            | "end"
            | "cancel"
    )
}

/// Characters of the GSM 03.38 default alphabet (one septet each) and of its extension table
/// (two septets each).
const GSM_BASIC: &str = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
const GSM_EXTENDED: &str = "^{}\\[~]|€\u{c}";

/// A text's length as a phone counts it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Length {
    /// Characters (in the encoding's units: septets for GSM, UTF-16 units otherwise).
    pub units: usize,
    /// Whether it fits the GSM alphabet (160 a part) or needs Unicode (70 a part).
    pub gsm: bool,
    /// Parts it is sent as (each billed as one SMS).
    pub parts: usize,
}

/// The length and parts of a text: 160 GSM characters or 70 Unicode ones in one part; longer
/// texts are split in parts of 153 or 67.
pub fn length(text: &str) -> Length {
    let gsm = text
        .chars()
        .all(|c| GSM_BASIC.contains(c) || GSM_EXTENDED.contains(c));
    let units = if gsm {
        text.chars()
            .map(|c| if GSM_EXTENDED.contains(c) { 2 } else { 1 })
            .sum()
    } else {
        text.encode_utf16().count()
    };
    let (single, part) = if gsm { (160, 153) } else { (70, 67) };
    let parts = if units <= single {
        1
    } else {
        units.div_ceil(part)
    };
    Length { units, gsm, parts }
}

fn json_escape(v: &str) -> String {
    let quoted = serde_json::to_string(v).unwrap_or_default();
    quoted
        .strip_prefix('"')
        .and_then(|q| q.strip_suffix('"'))
        .unwrap_or("")
        .to_owned()
}

/// The request body for one text.
pub fn body(gateway: &Gateway, to: &str, text: &str, id: &str) -> String {
    let escape = |v: &str| {
        if gateway.content_type.contains("json") {
            json_escape(v)
        } else {
            form_urlencoded::byte_serialize(v.as_bytes()).collect()
        }
    };
    gateway
        .body
        .replace("{to}", &escape(to))
        .replace("{id}", &escape(id))
        .replace("{text}", &escape(text))
}

/// Hands one text to the gateway: `Ok` on a 2xx answer.
pub async fn send(
    client: &reqwest::Client,
    gateway: &Gateway,
    to: &str,
    text: &str,
    id: &str,
) -> Result<(), String> {
    let mut request = client
        .post(&gateway.url)
        .header("Content-Type", &gateway.content_type)
        .timeout(Duration::from_secs(30))
        .body(body(gateway, to, text, id));
    if let Some((name, value)) = &gateway.header {
        request = request.header(name.as_str(), value.as_str());
    }
    let response = request
        .send()
        .await
        .map_err(|e| format!("the SMS gateway: {e}"))?;
    if response.status().is_success() {
        Ok(())
    } else {
        let status = response.status();
        let text = response.text().await.unwrap_or_default();
        Err(format!(
            "the SMS gateway answered {status}: {}",
            text.chars().take(200).collect::<String>()
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_are_counted_in_parts_as_phones_count_them() {
        assert_eq!(length("Hello").parts, 1);
        let long = "a".repeat(160);
        assert_eq!(
            length(&long),
            Length {
                units: 160,
                gsm: true,
                parts: 1
            }
        );
        assert_eq!(length(&"a".repeat(161)).parts, 2);
        // € takes two septets; ő is not in the GSM alphabet: Unicode, 70 a part.
        assert_eq!(length("€").units, 2);
        let unicode = length(&format!("ő{}", "a".repeat(70)));
        assert_eq!((unicode.gsm, unicode.parts), (false, 2));
        assert!(length("Répondez STOP, à demain").gsm);
    }

    #[test]
    fn stop_is_understood_in_the_four_languages() {
        for s in [
            "STOP",
            " stop. ",
            "Stopp",
            "ARRÊT",
            "arrêter",
            "Uitschrijven",
        ] {
            assert!(is_stop(s), "{s}");
        }
        for s in ["stop the war", "ok", "stopping by tomorrow"] {
            assert!(!is_stop(s), "{s}");
        }
    }

    #[test]
    fn the_request_body_escapes_what_is_filled_in() {
        let json = Gateway {
            body: r#"{"to":"{to}","message":"{text}","ref":"{id}"}"#.into(),
            content_type: "application/json".into(),
            ..Gateway::default()
        };
        let b = body(&json, "+32475", "Say \"hi\"\nnow", "abc");
        let v: serde_json::Value = serde_json::from_str(&b).unwrap();
        assert_eq!(v["message"], "Say \"hi\"\nnow");
        let form = Gateway {
            body: "to={to}&text={text}".into(),
            content_type: "application/x-www-form-urlencoded".into(),
            ..Gateway::default()
        };
        assert_eq!(
            body(&form, "+32475", "a&b=c", "x"),
            "to=%2B32475&text=a%26b%3Dc"
        );
    }
}
