//! Writing a survey definition as an ODK XForm, the way pyxform writes one for the same
//! workbook: the instance, the binds, the translations and the body.

use super::tree::{Item, Paths, tree};
use super::xml::{El, Node};
use crate::xlsform::{constraint_cell, parameters_cell};
use enquete_domain::people::Language;
use enquete_domain::survey::{
    Choice, DEFAULT_LANGUAGE, Group, Labels, MediaKind, Question, QuestionKind, SurveyDefinition,
};
use std::collections::BTreeMap;

const NAMESPACES: &[(&str, &str)] = &[
    ("xmlns", "http://www.w3.org/2002/xforms"),
    ("xmlns:h", "http://www.w3.org/1999/xhtml"),
    ("xmlns:ev", "http://www.w3.org/2001/xml-events"),
    ("xmlns:xsd", "http://www.w3.org/2001/XMLSchema"),
    ("xmlns:jr", "http://openrosa.org/javarosa"),
    ("xmlns:orx", "http://openrosa.org/xforms"),
    ("xmlns:odk", "http://www.opendatakit.org/xforms"),
];

/// The instance's root element: the workbook's `name` setting, else `data`.
pub(super) fn root_name(def: &SurveyDefinition) -> String {
    def.settings
        .get("name")
        .filter(|n| !n.trim().is_empty())
        .map_or_else(|| "data".to_owned(), |n| n.trim().to_owned())
}

/// How a language is named in the XForm: as the workbook wrote it (`English (en)`), and
/// `default` for the unnamed one.
pub(super) fn language_name(def: &SurveyDefinition, key: &str) -> String {
    if key == DEFAULT_LANGUAGE {
        return DEFAULT_LANGUAGE.to_owned();
    }
    if let Some(written) = def.languages.get(key) {
        return written.clone();
    }
    match Language::parse(key) {
        Ok(l) => format!("{} ({})", l.endonym(), l.code()),
        Err(_) => key.to_owned(),
    }
}

/// The metadata types pyxform fills with `jr:preload`: (preload, type).
fn preload(what: &str) -> Option<(&'static str, &'static str, String)> {
    let plain = what.strip_prefix("uri:").unwrap_or(what);
    match plain {
        "start" | "end" => Some(("timestamp", "dateTime", plain.to_owned())),
        "today" => Some(("date", "date", "today".to_owned())),
        "imei" => Some(("property", "string", "deviceid".to_owned())),
        "deviceid" | "subscriberid" | "simserial" | "phonenumber" | "username" | "email" => {
            Some(("property", "string", what.to_owned()))
        }
        _ => None,
    }
}

/// The bind type of a question.
fn bind_type(q: &Question) -> &'static str {
    match &q.kind {
        QuestionKind::SingleChoice { .. }
        | QuestionKind::MultipleChoice { .. }
        | QuestionKind::Text { .. }
        | QuestionKind::Note
        | QuestionKind::Acknowledge
        | QuestionKind::Calculate { .. } => "string",
        QuestionKind::Ranking { .. } => "odk:rank",
        QuestionKind::Number { .. } | QuestionKind::Scale { .. } => "int",
        QuestionKind::Decimal => match range_parameters(q) {
            Some(p) if !p.values().any(|v| v.contains('.')) => "int",
            _ => "decimal",
        },
        QuestionKind::Date => "date",
        QuestionKind::Time => "time",
        QuestionKind::DateTime => "dateTime",
        QuestionKind::Geopoint => "geopoint",
        QuestionKind::Geotrace => "geotrace",
        QuestionKind::Geoshape => "geoshape",
        QuestionKind::Media { .. } => "binary",
        QuestionKind::Barcode => "barcode",
        QuestionKind::Metadata { what } => match what.as_str() {
            "audit" | "background-audio" => "binary",
            "start-geopoint" | "background-geopoint" => "geopoint",
            other => preload(other).map_or("string", |(_, t, _)| t),
        },
    }
}

/// `start`, `end` and `step` of a range question, when it is one.
fn range_parameters(q: &Question) -> Option<BTreeMap<String, String>> {
    let raw = parameters_cell(q);
    let p: BTreeMap<String, String> = raw
        .split([' ', ';', ','])
        .filter_map(|p| p.split_once('='))
        .map(|(k, v)| (k.trim().to_lowercase(), v.trim().to_owned()))
        .filter(|(k, _)| ["start", "end", "step"].contains(&k.as_str()))
        .collect();
    match &q.kind {
        QuestionKind::Scale { .. } => Some(p),
        QuestionKind::Decimal if !p.is_empty() => Some(p),
        _ => None,
    }
}

fn mediatype(media: MediaKind) -> &'static str {
    match media {
        MediaKind::Image => "image/*",
        MediaKind::Audio => "audio/*",
        MediaKind::Video => "video/*",
        MediaKind::File => "application/*",
        MediaKind::Osm => "osm/*",
    }
}

/// The secondary instance a question's choices come from: its id, and the file when the
/// choices are in one.
fn choice_source(q: &Question) -> Option<(String, Option<String>)> {
    if !matches!(
        q.kind,
        QuestionKind::SingleChoice { .. }
            | QuestionKind::MultipleChoice { .. }
            | QuestionKind::Ranking { .. }
    ) {
        return None;
    }
    match q.details.choices_file.as_deref() {
        Some("itemsets.csv") => Some((list_name(q), None)),
        Some(file) => {
            let stem = file.rsplit_once('.').map_or(file, |(s, _)| s).to_owned();
            let src = if file.to_lowercase().ends_with(".csv") {
                format!("jr://file-csv/{file}")
            } else {
                format!("jr://file/{file}")
            };
            Some((stem, Some(src)))
        }
        None => Some((list_name(q), None)),
    }
}

fn list_name(q: &Question) -> String {
    q.details
        .list
        .clone()
        .unwrap_or_else(|| format!("{}_choices", q.name))
}

/// The text of one label, hint or message in each language, with `${name}` shown as
/// `<output>`, and its image.
struct Text {
    id: String,
    by_language: BTreeMap<String, Vec<Node>>,
    image: Labels,
}

/// Whether a default is an expression (pyxform's test, simplified): a reference, a function
/// call, a predicate or arithmetic; a hyphen alone is a date's or a place's, or a word's.
pub(super) fn is_dynamic(default: &str, kind_type: &str) -> bool {
    let d = default.trim();
    let geo_or_date = matches!(
        kind_type,
        "date" | "dateTime" | "geopoint" | "geotrace" | "geoshape"
    );
    d.contains("${")
        || d.contains(['(', '[', '{', '+', '*', '|'])
        || [" div ", " mod "].iter().any(|op| d.contains(op))
        || (!geo_or_date && d.contains(" - "))
}

/// Whether a text is written as a translation: it is in a named language, or has an image.
fn translated(labels: &Labels, image: &Labels) -> bool {
    !image.is_empty() || labels.0.keys().any(|k| k != DEFAULT_LANGUAGE)
}

/// What is being written: the form, where its names are, its translations.
struct Writer<'a> {
    def: &'a SurveyDefinition,
    paths: Paths,
    itext: bool,
    languages: Vec<String>,
    texts: Vec<Text>,
    binds: Vec<El>,
    /// The choice lists, by instance id, in the order first used.
    lists: Vec<(String, Option<String>, &'a [Choice])>,
    /// Whether the form keeps an audit log (`meta/audit`).
    audit: bool,
    /// The `odk-new-repeat` defaults of the repeat being written, for its end.
    new_rows: Vec<El>,
}

impl<'a> Writer<'a> {
    /// Text with `${name}` as `<output value="..."/>`.
    fn output_nodes(&self, text: &str, context: &str) -> Vec<Node> {
        let mut nodes = Vec::new();
        let mut rest = text;
        while let Some(start) = rest.find("${") {
            let Some(len) = rest.get(start..).and_then(|r| r.find('}')) else {
                break;
            };
            let reference = rest.get(start..=start + len).unwrap_or("");
            let path = self.paths.expr(reference, Some(context));
            if path == reference {
                nodes.push(Node::Text(
                    rest.get(..=start + len).unwrap_or("").to_owned(),
                ));
            } else {
                nodes.push(Node::Text(rest.get(..start).unwrap_or("").to_owned()));
                nodes.push(Node::El(El::new("output").attr("value", path)));
            }
            rest = rest.get(start + len + 1..).unwrap_or("");
        }
        nodes.push(Node::Text(rest.to_owned()));
        nodes.retain(|n| !matches!(n, Node::Text(t) if t.is_empty()));
        nodes
    }

    /// A `<label>` or `<hint>`: plain, or a reference to the translations.
    fn text_element(
        &mut self,
        tag: &str,
        id: String,
        labels: &Labels,
        image: &Labels,
        context: &str,
    ) -> Option<El> {
        if labels.is_empty() && image.is_empty() {
            return None;
        }
        // pyxform translates a text given in named languages or with an image, and writes one
        // from the plain column as it is.
        if !self.itext || !translated(labels, image) {
            let mut el = El::new(tag);
            for n in self.output_nodes(labels.get(Language::En), context) {
                el.push_node(n);
            }
            return Some(el);
        }
        let reference = format!("jr:itext('{id}')");
        self.add_text(id, labels, image, context);
        Some(El::new(tag).attr("ref", reference))
    }

    fn add_text(&mut self, id: String, labels: &Labels, image: &Labels, context: &str) {
        let by_language = labels
            .0
            .iter()
            .filter(|(_, t)| !t.trim().is_empty())
            .map(|(k, t)| (k.clone(), self.output_nodes(t, context)))
            .collect();
        self.texts.push(Text {
            id,
            by_language,
            image: image.clone(),
        });
    }

    /// A message attribute (`jr:constraintMsg`): the text, or a reference to its translations.
    fn message(&mut self, id: String, labels: &Labels, context: &str) -> Option<String> {
        if labels.is_empty() {
            return None;
        }
        if !self.itext || !translated(labels, &Labels::default()) {
            return Some(labels.get(Language::En).to_owned());
        }
        let reference = format!("jr:itext('{id}')");
        self.add_text(id, labels, &Labels::default(), context);
        Some(reference)
    }

    fn expr(&self, expr: Option<&str>, context: &str) -> Option<String> {
        expr.filter(|e| !e.trim().is_empty())
            .map(|e| self.paths.expr(e, Some(context)))
    }

    /// The instance element of a question or group, and its body element and binds.
    fn item(&mut self, item: &Item, instance: &mut El, body: &mut El) {
        match item {
            Item::Question(i) => {
                if let Some(q) = self.def.questions.get(*i) {
                    self.question(*i, q, instance, body);
                }
            }
            Item::Group(g, items) => {
                if let Some(g) = self.def.groups.get(*g) {
                    self.group(g, items, instance, body);
                }
            }
        }
    }

    fn group(&mut self, g: &Group, items: &[Item], instance: &mut El, body: &mut El) {
        let key = g.path();
        let abs = self.paths.absolute(&key);
        let mut node = El::new(&g.name);
        let mut control = El::new("group").attr("ref", abs.clone());
        if let Some(a) = &g.appearance {
            control = control.attr("appearance", a.clone());
        }
        let label = self.text_element(
            "label",
            format!("{abs}:label"),
            &g.label,
            &Labels::default(),
            &key,
        );
        match label {
            Some(l) => control.push(l),
            // A repeat without a label has an empty one.
            None if g.repeat => control.push(El::new("label")),
            None => {}
        }
        let relevant = self.expr(g.relevant.as_deref(), &key);
        if relevant.is_some() {
            self.binds.push(
                El::new("bind")
                    .attr("nodeset", abs.clone())
                    .attr_opt("relevant", relevant),
            );
        }
        let mut count = None;
        if g.repeat
            && let Some(c) = g.repeat_count.as_deref().filter(|c| !c.trim().is_empty())
        {
            let c = c.trim();
            let single_reference = c.starts_with("${")
                && c.ends_with('}')
                && c.matches("${").count() == 1
                && self
                    .paths
                    .key_of(c.get(2..c.len() - 1).unwrap_or(""))
                    .is_some();
            if single_reference {
                count = Some(self.paths.expr(c, Some(&key)));
            } else {
                // pyxform gives any other count a calculated node of its own, beside the repeat.
                let count_key = match &g.parent {
                    Some(p) => format!("{p}/{}_count", g.name),
                    None => format!("{}_count", g.name),
                };
                let count_abs = self.paths.absolute(&count_key);
                instance.push(El::new(&format!("{}_count", g.name)));
                self.binds.push(
                    El::new("bind")
                        .attr("nodeset", count_abs.clone())
                        .attr("type", "string")
                        .attr("readonly", "true()")
                        .attr("calculate", self.paths.expr(c, Some(&count_key))),
                );
                count = Some(format!(" {count_abs} "));
            }
        }
        let mut inner_body = if g.repeat {
            El::new("repeat")
                .attr("nodeset", abs.clone())
                .attr_opt("jr:count", count)
        } else {
            El::new("group")
        };
        let outer_rows = std::mem::take(&mut self.new_rows);
        for it in items {
            self.item(it, &mut node, &mut inner_body);
        }
        if g.repeat {
            // pyxform sets a new row's defaults at the end of its repeat.
            for s in std::mem::take(&mut self.new_rows) {
                inner_body.push(s);
            }
        }
        self.new_rows.splice(0..0, outer_rows);
        if g.repeat {
            instance.push(node.repeat());
            control.push(inner_body);
        } else {
            instance.push(node);
            control.absorb(inner_body);
        }
        body.push(control);
    }

    fn question(&mut self, i: usize, q: &'a Question, instance: &mut El, body: &mut El) {
        let key = q.key();
        let d = &q.details;
        let audit = matches!(&q.kind, QuestionKind::Metadata { what } if what == "audit");
        let abs = if audit {
            // The audit log is kept with the instance's metadata.
            self.audit = true;
            self.paths.absolute("meta/audit")
        } else {
            self.paths.absolute(&key)
        };
        let mut node = El::new(&q.name);
        let dynamic = d.default.as_deref().filter(|v| is_dynamic(v, bind_type(q)));
        if let Some(default) = d.default.as_deref().filter(|_| dynamic.is_none()) {
            node = node.text(default);
        }
        if !audit {
            instance.push(node);
        }
        // The text question `or_other` adds reads its select relatively, as pyxform writes it.
        let made_by_or_other = i
            .checked_sub(1)
            .and_then(|p| self.def.questions.get(p))
            .filter(|prev| {
                prev.details.or_other
                    && q.name == format!("{}_other", prev.name)
                    && q.relevant.as_deref()
                        == Some(&format!("selected(${{{}}}, 'other')", prev.name))
            });
        let relevant = match made_by_or_other {
            Some(prev) => Some(format!("selected(../{}, 'other')", prev.name)),
            None => self.expr(q.relevant.as_deref(), &key),
        };

        // The bind.
        let kind_type = bind_type(q);
        let readonly = matches!(q.kind, QuestionKind::Note) || d.read_only;
        let required = match (&d.required_if, q.required) {
            (Some(e), _) => self.expr(Some(e), &key),
            (None, true) => Some("true()".to_owned()),
            (None, false) => None,
        };
        // pyxform writes a message even when nothing uses it.
        let required_msg = self.message(format!("{abs}:jr:requiredMsg"), &d.required_message, &key);
        let constraint = Some(constraint_cell(q)).filter(|c| !c.trim().is_empty());
        let constraint = self.expr(constraint.as_deref(), &key);
        let constraint_msg = self.message(
            format!("{abs}:jr:constraintMsg"),
            &d.constraint_message,
            &key,
        );
        let calculation = match &q.kind {
            QuestionKind::Calculate { calculation } => Some(calculation.as_str()),
            _ => d.calculation.as_deref(),
        };
        let calculate = self.expr(calculation, &key);
        let (preload_kind, preload_params) = match &q.kind {
            QuestionKind::Metadata { what } => match preload(what) {
                Some((p, _, params)) => (Some(p), Some(params)),
                None => (None, None),
            },
            _ => (None, None),
        };
        let bind = El::new("bind")
            .attr("nodeset", abs.clone())
            .attr("type", kind_type)
            .attr_opt("readonly", readonly.then_some("true()"))
            .attr_opt("required", required)
            .attr_opt("jr:requiredMsg", required_msg)
            .attr_opt("relevant", relevant)
            .attr_opt("constraint", constraint)
            .attr_opt("jr:constraintMsg", constraint_msg)
            .attr_opt("calculate", calculate)
            .attr_opt("jr:preload", preload_kind)
            .attr_opt("jr:preloadParams", preload_params);
        self.binds.push(bind);
        // A default worked out from an expression is set when the form opens, and again for
        // each new row of a repeat.
        let mut new_row = None;
        if let Some(expr) = dynamic {
            let value = self.paths.expr(expr, Some(&key));
            self.binds.push(
                El::new("setvalue")
                    .attr("ref", abs.clone())
                    .attr("event", "odk-instance-first-load")
                    .attr("value", value.clone()),
            );
            if self.def.repeat_of(d.group.as_deref()).is_some() {
                new_row = Some(
                    El::new("setvalue")
                        .attr("ref", abs.clone())
                        .attr("event", "odk-new-repeat")
                        .attr("value", value),
                );
            }
        }

        // The control.
        let mut control = match &q.kind {
            QuestionKind::SingleChoice { .. }
                if d.choices_file.as_deref() == Some("itemsets.csv") =>
            {
                El::new("input").attr("ref", abs.clone())
            }
            QuestionKind::MultipleChoice { .. }
                if d.choices_file.as_deref() == Some("itemsets.csv") =>
            {
                El::new("input").attr("ref", abs.clone())
            }
            QuestionKind::SingleChoice { .. } => El::new("select1").attr("ref", abs.clone()),
            QuestionKind::MultipleChoice { .. } => El::new("select").attr("ref", abs.clone()),
            QuestionKind::Ranking { .. } => El::new("odk:rank").attr("ref", abs.clone()),
            QuestionKind::Media { media } => El::new("upload")
                .attr("ref", abs.clone())
                .attr("mediatype", mediatype(*media)),
            QuestionKind::Acknowledge => El::new("trigger").attr("ref", abs.clone()),
            QuestionKind::Calculate { .. } | QuestionKind::Metadata { .. } => return,
            _ if range_parameters(q).is_some() => {
                let p = range_parameters(q).unwrap_or_default();
                let (start, end, step) = match &q.kind {
                    QuestionKind::Scale { min, max } => {
                        (min.to_string(), max.to_string(), "1".into())
                    }
                    _ => (
                        p.get("start").cloned().unwrap_or_else(|| "1".into()),
                        p.get("end").cloned().unwrap_or_else(|| "10".into()),
                        p.get("step").cloned().unwrap_or_else(|| "1".into()),
                    ),
                };
                El::new("range")
                    .attr("ref", abs.clone())
                    .attr("start", start)
                    .attr("end", end)
                    .attr("step", step)
            }
            _ => El::new("input").attr("ref", abs.clone()),
        };
        if let Some(a) = &d.appearance {
            // `search('list', 'matches', 'key', ${q})` reads answers too.
            control = control.attr("appearance", self.paths.expr(a, Some(&key)));
        }
        let label = match made_by_or_other {
            // pyxform's own label for the question it adds.
            Some(_) => Some(El::new("label").text("Specify other.")),
            None => self.text_element("label", format!("{abs}:label"), &q.label, &d.image, &key),
        };
        if let Some(l) = label {
            control.push(l);
        }
        if let Some(h) = self.text_element(
            "hint",
            format!("{abs}:hint"),
            &q.hint,
            &Labels::default(),
            &key,
        ) {
            control.push(h);
        }
        if let Some((id, src)) = choice_source(q) {
            let filter = d
                .choice_filter
                .as_deref()
                .filter(|f| !f.trim().is_empty())
                .map(|f| format!("[{f}]"))
                .unwrap_or_default();
            let nodeset = self
                .paths
                .expr(&format!("instance('{id}')/root/item{filter}"), Some(&key));
            let searched = d
                .appearance
                .as_deref()
                .is_some_and(|a| a.contains("search("));
            if d.choices_file.as_deref() == Some("itemsets.csv") {
                control = control.attr("query", nodeset);
            } else if searched {
                // With `search()`, the phone looks the choices up in a CSV file: pyxform
                // writes them inline, as ODK Collect expects.
                for (n, c) in q.kind.choices().iter().enumerate() {
                    let label = if self.itext {
                        let text_id = format!("static_instance-{id}-{n}");
                        self.add_text(text_id.clone(), &c.label, &Labels::default(), &key);
                        El::new("label").attr("ref", format!("jr:itext('{text_id}')"))
                    } else {
                        El::new("label").text(c.label.get(Language::En))
                    };
                    control.push(
                        El::new("item")
                            .child(label)
                            .child(El::new("value").text(&c.name)),
                    );
                }
                body.push(control);
                self.new_rows.extend(new_row);
                return;
            } else {
                let label = if self.itext && src.is_none() {
                    "jr:itext(itextId)"
                } else {
                    "label"
                };
                control.push(
                    El::new("itemset")
                        .attr("nodeset", nodeset)
                        .child(El::new("value").attr("ref", "name"))
                        .child(El::new("label").attr("ref", label)),
                );
            }
            if !self.lists.iter().any(|(l, _, _)| *l == id) {
                self.lists.push((id, src, q.kind.choices()));
            }
        }
        body.push(control);
        self.new_rows.extend(new_row);
    }

    /// The `<instance id="list">` of each choice list.
    fn secondary_instances(&mut self) -> Vec<El> {
        let lists = std::mem::take(&mut self.lists);
        let mut out = Vec::new();
        for (id, src, choices) in &lists {
            if let Some(src) = src {
                out.push(
                    El::new("instance")
                        .attr("id", id.clone())
                        .attr("src", src.clone()),
                );
                continue;
            }
            let mut root = El::new("root");
            for (i, c) in choices.iter().enumerate() {
                let mut item = El::new("item");
                if self.itext {
                    let text_id = format!("{id}-{i}");
                    item = item.child(El::new("itextId").text(&text_id));
                    self.add_text(text_id, &c.label, &Labels::default(), "");
                    item = item.child(El::new("name").text(&c.name));
                } else {
                    item = item
                        .child(El::new("name").text(&c.name))
                        .child(El::new("label").text(c.label.get(Language::En)));
                }
                for (k, v) in &c.columns {
                    item = item.child(El::new(k).text(v));
                }
                root.push(item);
            }
            out.push(El::new("instance").attr("id", id.clone()).child(root));
        }
        out
    }

    fn itext(&self) -> El {
        let mut itext = El::new("itext");
        for lang in &self.languages {
            let mut translation =
                El::new("translation").attr("lang", language_name(self.def, lang));
            for t in &self.texts {
                let mut text = El::new("text").attr("id", t.id.clone());
                let mut value = El::new("value");
                match t.by_language.get(lang) {
                    Some(nodes) => {
                        for n in nodes {
                            value.push_node(n.clone());
                        }
                    }
                    None if t.by_language.is_empty() => {}
                    None => value = value.text("-"),
                }
                if !t.by_language.is_empty() {
                    text.push(value);
                }
                let image = t.image.in_form_language(lang, Language::En);
                if !image.is_empty() {
                    text.push(
                        El::new("value")
                            .attr("form", "image")
                            .text(&format!("jr://images/{image}")),
                    );
                }
                translation.push(text);
            }
            itext.push(translation);
        }
        itext
    }
}

/// The languages of the form's texts (the title is the XForm's `h:title`, not a translation).
fn form_languages(def: &SurveyDefinition) -> Vec<String> {
    let mut used = std::collections::BTreeSet::new();
    let mut add = |l: &Labels| used.extend(l.0.keys().cloned());
    for q in &def.questions {
        add(&q.label);
        add(&q.hint);
        add(&q.details.constraint_message);
        add(&q.details.required_message);
        add(&q.details.image);
        for c in q.kind.choices() {
            add(&c.label);
        }
    }
    for g in &def.groups {
        add(&g.label);
    }
    let mut keys = def.language_keys();
    keys.retain(|k| used.contains(k));
    for k in used {
        if !keys.contains(&k) {
            keys.push(k);
        }
    }
    keys
}

/// The XForm of a survey, as pyxform writes it for the same workbook: `version` is written
/// in the instance (the version of the form the phone answers).
pub fn xform(def: &SurveyDefinition, version: &str) -> String {
    let root = root_name(def);
    let mut languages = form_languages(def);
    let has_images = def.questions.iter().any(|q| !q.details.image.is_empty());
    let itext = has_images || languages.iter().any(|k| k != DEFAULT_LANGUAGE);
    if languages.is_empty() {
        languages.push(DEFAULT_LANGUAGE.to_owned());
    }
    let mut w = Writer {
        def,
        paths: Paths::new(def, &root),
        itext,
        languages,
        texts: Vec::new(),
        binds: Vec::new(),
        lists: Vec::new(),
        audit: false,
        new_rows: Vec::new(),
    };
    let mut data = El::new(&root).attr("id", def.form_id.clone()).attr_opt(
        "version",
        Some(version.to_owned()).filter(|v| !v.is_empty()),
    );
    let mut body = El::new("h:body");
    for item in tree(def) {
        w.item(&item, &mut data, &mut body);
    }
    let mut meta = El::new("meta");
    if w.audit {
        meta.push(El::new("audit"));
    }
    meta.push(El::new("instanceID"));
    let meta_path = w.paths.absolute("meta");
    w.binds.push(
        El::new("bind")
            .attr("nodeset", format!("{meta_path}/instanceID"))
            .attr("type", "string")
            .attr("readonly", "true()")
            .attr("jr:preload", "uid"),
    );
    if let Some(name) = def
        .settings
        .get("instance_name")
        .filter(|n| !n.trim().is_empty())
    {
        meta.push(El::new("instanceName"));
        w.binds.push(
            El::new("bind")
                .attr("nodeset", format!("{meta_path}/instanceName"))
                .attr("type", "string")
                .attr("calculate", w.paths.expr(name, None)),
        );
    }
    data.push(meta);

    let secondary = w.secondary_instances();
    let mut model = El::new("model").attr("odk:xforms-version", "1.0.0");
    if w.itext {
        model.push(w.itext());
    }
    model.push(El::new("instance").child(data.expand_repeats()));
    for s in secondary {
        model.push(s);
    }
    for b in std::mem::take(&mut w.binds) {
        model.push(b);
    }
    let title = def
        .title
        .in_form_language(DEFAULT_LANGUAGE, Language::En)
        .to_owned();
    let head = El::new("h:head")
        .child(El::new("h:title").text(&title))
        .child(model);
    let mut html = El::new("h:html");
    for (k, v) in NAMESPACES {
        html = html.attr(k, *v);
    }
    let html = html.child(head).child(body);
    let mut out = String::from("<?xml version=\"1.0\"?>");
    html.write(&mut out);
    out
}

/// The media files a form needs beside its XForm: label images, the files choices come from,
/// and `itemsets.csv` for external choices. Each once, in the order first needed.
pub fn manifest(def: &SurveyDefinition) -> Vec<String> {
    let mut files: Vec<String> = Vec::new();
    let mut add = |f: &str| {
        if !f.trim().is_empty() && !files.iter().any(|x| x == f) {
            files.push(f.to_owned());
        }
    };
    for q in &def.questions {
        for image in q.details.image.0.values() {
            add(image);
        }
        if let Some(file) = &q.details.choices_file {
            add(file);
        }
    }
    files
}
