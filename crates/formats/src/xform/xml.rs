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
    /// An instance node of a repeat (see [`El::expand_repeats`]).
    repeat: bool,
}

impl El {
    pub fn new(tag: &str) -> Self {
        Self {
            tag: tag.to_owned(),
            attrs: Vec::new(),
            children: Vec::new(),
            repeat: false,
        }
    }

    /// Marks an instance node as a repeat's.
    pub fn repeat(mut self) -> Self {
        self.repeat = true;
        self
    }

    /// The instance as pyxform writes it: a repeat outside any repeat twice, as the template
    /// (`jr:template=""`) and as a first row; one inside a repeat once, as a template inside
    /// a template.
    pub fn expand_repeats(self) -> El {
        self.expand_children(false, false)
    }

    fn expand_children(self, in_repeat: bool, in_template: bool) -> El {
        let mut out = El {
            children: Vec::new(),
            ..self
        };
        for c in self.children {
            match c {
                Node::El(e) => {
                    for x in e.expand(in_repeat, in_template) {
                        out.children.push(Node::El(x));
                    }
                }
                text => out.children.push(text),
            }
        }
        out
    }

    fn expand(self, in_repeat: bool, in_template: bool) -> Vec<El> {
        if !self.repeat {
            return vec![self.expand_children(in_repeat, in_template)];
        }
        let template = |e: El| El {
            repeat: false,
            ..e.attr("jr:template", "")
        };
        if in_repeat {
            let e = self.expand_children(true, in_template);
            return vec![if in_template { template(e) } else { e }];
        }
        vec![
            template(self.clone().expand_children(true, true)),
            self.expand_children(true, false),
        ]
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
