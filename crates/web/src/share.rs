//! Public links as organizers hand them out: the whole address to copy or share, and a QR code
//! to print on a leaflet or a poster.

use axum::http::header;
use axum::response::{IntoResponse, Response};

/// A public page's link, ready for a page: the whole address and where its QR code is.
pub struct PublicLink {
    /// Unique on the page (for the label of the field).
    pub id: String,
    pub url: String,
    /// The page's path on this server, to open it.
    pub path: String,
    /// The QR code of `url`, as an SVG image.
    pub qr: String,
}

impl PublicLink {
    /// `path` is the page's path (`/a/…`), `qr` the path of its QR code.
    pub fn new(public_url: &str, id: &str, path: &str, qr: &str) -> Self {
        Self {
            id: id.to_owned(),
            url: format!("{}{path}", public_url.trim_end_matches('/')),
            path: path.to_owned(),
            qr: qr.to_owned(),
        }
    }
}

/// The QR code of `text` as an SVG image (black on white, with its quiet zone), or `None` when
/// the text is too long for a QR code.
pub fn qr_svg(text: &str) -> Option<String> {
    let code = qrcode::QrCode::with_error_correction_level(text, qrcode::EcLevel::M).ok()?;
    Some(
        code.render::<qrcode::render::svg::Color>()
            .min_dimensions(240, 240)
            .build(),
    )
}

/// An SVG image as a response; public links do not change, so it may be kept a day.
pub fn svg_response(svg: String) -> Response {
    (
        [
            (header::CONTENT_TYPE, "image/svg+xml"),
            (header::CACHE_CONTROL, "public, max-age=86400"),
        ],
        svg,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_link_becomes_a_qr_code() {
        let svg = qr_svg("https://enquete.example.org/a/0123456789abcdef0123456789abcdef").unwrap();
        assert!(svg.contains("<svg") && svg.contains("<path"));
        let link = PublicLink::new("https://x.org/", "l", "/p/abc", "/p/abc/qr.svg");
        assert_eq!(link.url, "https://x.org/p/abc");
        assert!(
            qr_svg(&"x".repeat(5000)).is_none(),
            "too long for a QR code"
        );
    }
}
