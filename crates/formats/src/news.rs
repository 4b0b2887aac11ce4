//! What the news site publishes: article bodies, Atom 1.0 feeds (RFC 4287) and the sitemap
//! (sitemaps.org 0.9).
//!
//! An article's body is written as formatted text (CommonMark: paragraphs, `## headings`,
//! lists, `[links](https://…)`, `**bold**`, `> quotes`, pictures uploaded with the article) and
//! rendered to HTML here. Nothing in it can run in a reader's browser: HTML typed into the text
//! is shown as text, links go only to `http(s)`, `mailto` or this site, and pictures only come
//! from this site's article pictures. What is left out keeps its words.

use enquete_domain::Timestamp;
use pulldown_cmark::{CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};
use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event as Xml};

/// Where the pictures of articles are served: the only source a body's picture may have.
pub const IMAGE_PATH: &str = "/news/images/";

/// Whether a link may stay a link: the web, mail, or a page of this site (`/…`, not `//…`,
/// which leaves it).
fn safe_link(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    lower.starts_with("https://")
        || lower.starts_with("http://")
        || lower.starts_with("mailto:")
        || (lower.starts_with('/') && !lower.starts_with("//") && !lower.starts_with("/\\"))
        || lower.starts_with('#')
}

/// Whether a picture comes from this site's article pictures: `/news/images/<digits>`.
fn safe_image(url: &str) -> bool {
    url.strip_prefix(IMAGE_PATH)
        .is_some_and(|id| !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit()))
}

/// The body as safe HTML. Headings start at level 2 (the page's title is the only `h1`).
pub fn render_body(text: &str) -> String {
    let parser = Parser::new_ext(text, Options::ENABLE_STRIKETHROUGH);
    // Links and pictures dropped: their end tags are dropped too, their words kept.
    let mut dropped_links = Vec::new();
    let mut in_dropped_image = 0usize;
    let events = parser.filter_map(|event| match event {
        // Typed HTML is shown as the characters typed.
        Event::Html(raw) | Event::InlineHtml(raw) => Some(Event::Text(raw)),
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => {
            let keep = safe_link(&dest_url) && link_type != LinkType::Email
                || link_type == LinkType::Email && !dest_url.contains(':');
            dropped_links.push(!keep);
            keep.then_some(Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }))
        }
        Event::End(TagEnd::Link) => {
            let dropped = dropped_links.pop().unwrap_or(true);
            (!dropped).then_some(Event::End(TagEnd::Link))
        }
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => {
            if in_dropped_image > 0 || !safe_image(&dest_url) {
                in_dropped_image += 1;
                None
            } else {
                Some(Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                }))
            }
        }
        Event::End(TagEnd::Image) if in_dropped_image > 0 => {
            in_dropped_image -= 1;
            None
        }
        Event::Start(Tag::Heading {
            level: HeadingLevel::H1,
            id,
            classes,
            attrs,
        }) => Some(Event::Start(Tag::Heading {
            level: HeadingLevel::H2,
            id,
            classes,
            attrs,
        })),
        Event::End(TagEnd::Heading(HeadingLevel::H1)) => {
            Some(Event::End(TagEnd::Heading(HeadingLevel::H2)))
        }
        other => Some(other),
    });
    let mut html = String::with_capacity(text.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events);
    html
}

/// The body's plain words (for a description or a search), without formatting.
pub fn plain_text(text: &str) -> String {
    let mut out = String::new();
    for event in Parser::new(text) {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak
            | Event::HardBreak
            | Event::End(
                TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item | TagEnd::BlockQuote(_),
            ) => out.push(' '),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The words of a title as they go into an address: lower-case ASCII letters and digits
/// joined by dashes, accents taken off (`Één café` → `een-cafe`), at most 80 characters.
pub fn slug(title: &str) -> String {
    let mut out = String::new();
    let mut dash = false;
    for c in title.chars() {
        let base = fold(c);
        for b in base.chars() {
            if b.is_ascii_alphanumeric() {
                if dash && !out.is_empty() {
                    out.push('-');
                }
                dash = false;
                out.push(b.to_ascii_lowercase());
            } else {
                dash = true;
            }
        }
        if out.len() >= 80 {
            break;
        }
    }
    out.truncate(80);
    out.trim_end_matches('-').to_owned()
}

/// A Latin letter without its accent (the letters of Dutch, French and German).
fn fold(c: char) -> CowStr<'static> {
    let s = match c {
        'à' | 'á' | 'â' | 'ä' | 'ã' | 'å' | 'À' | 'Á' | 'Â' | 'Ä' => "a",
        'ç' | 'Ç' => "c",
        'è' | 'é' | 'ê' | 'ë' | 'È' | 'É' | 'Ê' | 'Ë' => "e",
        'ì' | 'í' | 'î' | 'ï' | 'Î' | 'Ï' => "i",
        'ñ' => "n",
        'ò' | 'ó' | 'ô' | 'ö' | 'õ' | 'Ô' | 'Ö' => "o",
        'ù' | 'ú' | 'û' | 'ü' | 'Û' | 'Ü' => "u",
        'ÿ' => "y",
        'ß' => "ss",
        'æ' | 'Æ' => "ae",
        'œ' | 'Œ' => "oe",
        other => return CowStr::from(other.to_string()),
    };
    CowStr::Borrowed(s)
}

/// One entry of a feed.
#[derive(Debug, Clone)]
pub struct FeedEntry {
    /// The article's address (also its permanent id).
    pub url: String,
    pub title: String,
    pub summary: String,
    /// The body, already rendered safe.
    pub content_html: String,
    pub author: String,
    pub published: Timestamp,
    pub updated: Timestamp,
    /// The language the entry is written in (a fallback when not the feed's).
    pub lang: String,
    /// Topics: slug and name.
    pub categories: Vec<(String, String)>,
}

/// An Atom feed.
#[derive(Debug, Clone)]
pub struct Feed {
    /// The feed's own address.
    pub url: String,
    /// The page it is the feed of.
    pub page: String,
    pub title: String,
    pub lang: String,
    pub updated: Timestamp,
    pub entries: Vec<FeedEntry>,
}

fn text_element(w: &mut Writer<Vec<u8>>, name: &str, text: &str) -> std::io::Result<()> {
    w.write_event(Xml::Start(BytesStart::new(name)))?;
    w.write_event(Xml::Text(BytesText::new(text)))?;
    w.write_event(Xml::End(BytesEnd::new(name)))?;
    Ok(())
}

fn link(w: &mut Writer<Vec<u8>>, rel: &str, href: &str, kind: &str) -> std::io::Result<()> {
    let mut el = BytesStart::new("link");
    el.push_attribute(("rel", rel));
    el.push_attribute(("href", href));
    if !kind.is_empty() {
        el.push_attribute(("type", kind));
    }
    w.write_event(Xml::Empty(el))
}

/// The feed as Atom 1.0.
pub fn atom(feed: &Feed) -> String {
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 1);
    let written = (|| -> std::io::Result<()> {
        w.write_event(Xml::Decl(BytesDecl::new("1.0", Some("utf-8"), None)))?;
        let mut root = BytesStart::new("feed");
        root.push_attribute(("xmlns", "http://www.w3.org/2005/Atom"));
        root.push_attribute(("xml:lang", feed.lang.as_str()));
        w.write_event(Xml::Start(root))?;
        text_element(&mut w, "id", &feed.url)?;
        text_element(&mut w, "title", &feed.title)?;
        text_element(&mut w, "updated", &feed.updated.rfc3339())?;
        link(&mut w, "self", &feed.url, "application/atom+xml")?;
        link(&mut w, "alternate", &feed.page, "text/html")?;
        text_element(&mut w, "generator", "Enquête")?;
        for e in &feed.entries {
            let mut entry = BytesStart::new("entry");
            if e.lang != feed.lang {
                entry.push_attribute(("xml:lang", e.lang.as_str()));
            }
            w.write_event(Xml::Start(entry))?;
            text_element(&mut w, "id", &e.url)?;
            text_element(&mut w, "title", &e.title)?;
            text_element(&mut w, "published", &e.published.rfc3339())?;
            text_element(&mut w, "updated", &e.updated.rfc3339())?;
            link(&mut w, "alternate", &e.url, "text/html")?;
            w.write_event(Xml::Start(BytesStart::new("author")))?;
            text_element(&mut w, "name", &e.author)?;
            w.write_event(Xml::End(BytesEnd::new("author")))?;
            for (term, label) in &e.categories {
                let mut cat = BytesStart::new("category");
                cat.push_attribute(("term", term.as_str()));
                cat.push_attribute(("label", label.as_str()));
                w.write_event(Xml::Empty(cat))?;
            }
            text_element(&mut w, "summary", &e.summary)?;
            let mut content = BytesStart::new("content");
            content.push_attribute(("type", "html"));
            w.write_event(Xml::Start(content))?;
            w.write_event(Xml::Text(BytesText::new(&e.content_html)))?;
            w.write_event(Xml::End(BytesEnd::new("content")))?;
            w.write_event(Xml::End(BytesEnd::new("entry")))?;
        }
        w.write_event(Xml::End(BytesEnd::new("feed")))?;
        Ok(())
    })();
    // Writing to memory cannot fail.
    debug_assert!(written.is_ok());
    String::from_utf8_lossy(&w.into_inner()).into_owned()
}

/// One page of the sitemap, with its translations (language code, address).
#[derive(Debug, Clone)]
pub struct SitemapUrl {
    pub url: String,
    pub modified: Timestamp,
    pub alternates: Vec<(String, String)>,
}

/// The sitemap (sitemaps.org 0.9, with `xhtml:link` for the translations of each page).
pub fn sitemap(urls: &[SitemapUrl]) -> String {
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 1);
    let written = (|| -> std::io::Result<()> {
        w.write_event(Xml::Decl(BytesDecl::new("1.0", Some("utf-8"), None)))?;
        let mut root = BytesStart::new("urlset");
        root.push_attribute(("xmlns", "http://www.sitemaps.org/schemas/sitemap/0.9"));
        root.push_attribute(("xmlns:xhtml", "http://www.w3.org/1999/xhtml"));
        w.write_event(Xml::Start(root))?;
        for u in urls {
            w.write_event(Xml::Start(BytesStart::new("url")))?;
            text_element(&mut w, "loc", &u.url)?;
            text_element(&mut w, "lastmod", &u.modified.date())?;
            for (lang, href) in &u.alternates {
                let mut alt = BytesStart::new("xhtml:link");
                alt.push_attribute(("rel", "alternate"));
                alt.push_attribute(("hreflang", lang.as_str()));
                alt.push_attribute(("href", href.as_str()));
                w.write_event(Xml::Empty(alt))?;
            }
            w.write_event(Xml::End(BytesEnd::new("url")))?;
        }
        w.write_event(Xml::End(BytesEnd::new("urlset")))?;
        Ok(())
    })();
    debug_assert!(written.is_ok());
    String::from_utf8_lossy(&w.into_inner()).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formatting_is_rendered() {
        let html = render_body(
            "# Big\n\nA *word* and **more**.\n\n- one\n- two\n\n[site](https://example.org/x)",
        );
        assert!(html.contains("<h2>Big</h2>"), "{html}");
        assert!(html.contains("<em>word</em>") && html.contains("<strong>more</strong>"));
        assert!(html.contains("<li>one</li>"));
        assert!(
            html.contains(r#"<a href="https://example.org/x">site</a>"#),
            "{html}"
        );
    }

    /// Everything a browser could run is shown as text or left out.
    #[test]
    fn nothing_executable_survives() {
        let attacks = [
            "<script>alert(1)</script>",
            "<img src=x onerror=alert(1)>",
            "<svg onload=alert(1)><circle/></svg>",
            "[click](javascript:alert(1))",
            "[click](JaVaScRiPt:alert(1))",
            "[click]( javascript:alert(1))",
            "[click](&#106;avascript:alert(1))",
            "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
            "[click](vbscript:msgbox)",
            "<javascript:alert(1)>",
            "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
            "![x](https://evil.example/pixel.gif)",
            "![x](/news/images/1.svg)",
            "[x](//evil.example/)",
            "<a href=\"javascript:alert(1)\">x</a>",
            "<iframe src=\"https://evil.example\"></iframe>",
            "<div style=\"background:url(javascript:alert(1))\">x</div>",
            "[x](https://ok.example/\" onmouseover=\"alert(1))",
            "<p onclick=\"alert(1)\">hi</p>",
        ];
        for attack in attacks {
            let html = render_body(attack);
            for (name, attrs) in tags(&html) {
                assert!(
                    [
                        "p",
                        "h2",
                        "h3",
                        "h4",
                        "h5",
                        "h6",
                        "a",
                        "img",
                        "ul",
                        "ol",
                        "li",
                        "em",
                        "strong",
                        "del",
                        "blockquote",
                        "code",
                        "pre",
                        "hr",
                        "br"
                    ]
                    .contains(&name.as_str()),
                    "{attack:?} gave a <{name}> in {html}"
                );
                for (attr, value) in attrs {
                    let value = value.to_ascii_lowercase();
                    let fine = match attr.as_str() {
                        "href" => safe_link(&value) && !value.contains("javascript"),
                        "src" => safe_image(&value),
                        "alt" | "title" | "start" => true,
                        _ => false,
                    };
                    assert!(fine, "{attack:?} gave {attr}={value:?} in {html}");
                }
            }
        }
    }

    /// The tags of rendered HTML with their attributes (text is escaped, so every `<` opens
    /// a tag).
    fn tags(html: &str) -> Vec<(String, Vec<(String, String)>)> {
        html.split('<')
            .skip(1)
            .filter(|t| !t.starts_with('/'))
            .map(|t| {
                let head = t.split('>').next().unwrap_or("").trim_end_matches('/');
                let mut parts = head.splitn(2, ' ');
                let name = parts.next().unwrap_or("").to_owned();
                let mut attrs = Vec::new();
                let mut rest = parts.next().unwrap_or("").trim();
                while let Some(eq) = rest.find("=\"") {
                    let attr = rest[..eq].trim().to_owned();
                    let after = &rest[eq + 2..];
                    let end = after.find('"').unwrap_or(after.len());
                    attrs.push((attr, after[..end].to_owned()));
                    rest = after.get(end + 1..).unwrap_or("").trim();
                }
                assert!(rest.is_empty(), "unparsed attributes {rest:?} in {html}");
                (name, attrs)
            })
            .collect()
    }

    #[test]
    fn pictures_come_from_the_site() {
        let html = render_body("![a march](/news/images/12)");
        assert!(
            html.contains(r#"<img src="/news/images/12" alt="a march" />"#),
            "{html}"
        );
        let html = render_body("![a march](https://elsewhere.example/a.png)");
        assert!(!html.contains("<img"), "{html}");
        assert!(html.contains("a march"), "{html}");
    }

    #[test]
    fn slugs_are_plain() {
        assert_eq!(slug("Één café, très bien!"), "een-cafe-tres-bien");
        assert_eq!(slug("  20,000 hit the streets  "), "20-000-hit-the-streets");
        assert_eq!(slug("Straße"), "strasse");
        assert_eq!(slug("!!!"), "");
        assert!(slug(&"word ".repeat(40)).len() <= 80);
    }

    #[test]
    fn plain_text_drops_formatting() {
        assert_eq!(
            plain_text("## Head\n\nA *b* [c](https://x)."),
            "Head A b c."
        );
    }

    #[test]
    fn atom_escapes_and_marks_languages() {
        let feed = Feed {
            url: "https://x.example/news/en/feed.atom".into(),
            page: "https://x.example/news/en".into(),
            title: "News <&>".into(),
            lang: "en".into(),
            updated: Timestamp(1_700_000_000),
            entries: vec![FeedEntry {
                url: "https://x.example/news/en/1/a".into(),
                title: "A & B".into(),
                summary: "<b>x</b>".into(),
                content_html: "<p>x</p>".into(),
                author: "Ann".into(),
                published: Timestamp(1_700_000_000),
                updated: Timestamp(1_700_000_100),
                lang: "nl".into(),
                categories: vec![("climate".into(), "Klimaat".into())],
            }],
        };
        let xml = atom(&feed);
        assert!(xml.contains("<title>News &lt;&amp;&gt;</title>"), "{xml}");
        assert!(xml.contains(r#"<entry xml:lang="nl">"#), "{xml}");
        assert!(xml.contains("&lt;p&gt;x&lt;/p&gt;"), "{xml}");
        assert!(
            xml.contains("<updated>2023-11-14T22:13:20Z</updated>"),
            "{xml}"
        );
    }
}
