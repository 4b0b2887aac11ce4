//! A small XML element tree and its serialisation, enough to write an XForm: elements with
//! attributes in the order given, text, and escaping of both.

/// One piece of content: an element or text.
#[derive(Debug, Clone)]
pub(super) enum Node {
    El(El),
    Text(String),
}

/// An element with its attributes (in order) and children.
#[derive(Debug, Clone)]
pub(super) struct El {
    tag: String,
    attrs: Vec<(String, String)>,
    children: Vec<Node>,
}

impl El {
    pub fn new(tag: &str) -> Self {
        Self {
            tag: tag.to_owned(),
            attrs: Vec::new(),
            children: Vec::new(),
        }
    }

    /// Adds an attribute.
    pub fn attr(mut self, name: &str, value: impl Into<String>) -> Self {
        self.attrs.push((name.to_owned(), value.into()));
        self
    }

    /// Adds an attribute when there is a value.
    pub fn attr_opt(self, name: &str, value: Option<impl Into<String>>) -> Self {
        match value {
            Some(v) => self.attr(name, v),
            None => self,
        }
    }

    pub fn child(mut self, child: El) -> Self {
        self.children.push(Node::El(child));
        self
    }

    pub fn push(&mut self, child: El) {
        self.children.push(Node::El(child));
    }

    pub fn push_node(&mut self, node: Node) {
        self.children.push(node);
    }

    /// Takes over the children of `other`.
    pub fn absorb(&mut self, other: El) {
        self.children.extend(other.children);
    }

    pub fn text(mut self, text: &str) -> Self {
        self.children.push(Node::Text(text.to_owned()));
        self
    }

    pub fn write(&self, out: &mut String) {
        out.push('<');
        out.push_str(&self.tag);
        for (k, v) in &self.attrs {
            out.push(' ');
            out.push_str(k);
            out.push_str("=\"");
            escape_into(out, v, true);
            out.push('"');
        }
        if self.children.is_empty() {
            out.push_str("/>");
            return;
        }
        out.push('>');
        for c in &self.children {
            match c {
                Node::El(e) => e.write(out),
                Node::Text(t) => escape_into(out, t, false),
            }
        }
        out.push_str("</");
        out.push_str(&self.tag);
        out.push('>');
    }
}

/// Escapes text for an element (`&`, `<`, `>`) or an attribute (also quotes, tabs and line
/// breaks, so a parser gives back the same value).
fn escape_into(out: &mut String, text: &str, attribute: bool) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if attribute => out.push_str("&quot;"),
            '\n' if attribute => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' if attribute => out.push_str("&#9;"),
            // Not allowed in XML 1.0 at all: left out rather than making the document invalid.
            c if (c as u32) < 0x20 && !matches!(c, '\n' | '\t') => {}
            c => out.push(c),
        }
    }
}
