//! The tokenizer: turns an expression's characters into tokens, each with its char offset.
//!
//! Names are not told apart from the operator keywords (`and`, `or`, `div`, `mod`) here: the
//! parser decides by position, as XPath 1.0 does.

use crate::ExprError;

/// One token and the char offset where it starts.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Token {
    pub kind: Tok,
    pub at: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Tok {
    Num(f64),
    Str(String),
    /// `${name}`
    Ref(String),
    /// A name, possibly prefixed (`jr:choice-name`).
    Name(String),
    Dot,
    DotDot,
    LParen,
    RParen,
    LBracket,
    RBracket,
    Comma,
    Slash,
    SlashSlash,
    Pipe,
    Plus,
    Minus,
    Star,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    At,
    /// `::` (an axis, refused by the parser)
    ColonColon,
    End,
}

impl Tok {
    /// How the token reads in an error message.
    pub fn describe(&self) -> String {
        match self {
            Tok::Num(n) => format!("the number {}", crate::value::num_to_string(*n)),
            Tok::Str(s) => format!("the string '{s}'"),
            Tok::Ref(r) => format!("${{{r}}}"),
            Tok::Name(n) => format!("'{n}'"),
            Tok::Dot => "'.'".into(),
            Tok::DotDot => "'..'".into(),
            Tok::LParen => "'('".into(),
            Tok::RParen => "')'".into(),
            Tok::LBracket => "'['".into(),
            Tok::RBracket => "']'".into(),
            Tok::Comma => "','".into(),
            Tok::Slash => "'/'".into(),
            Tok::SlashSlash => "'//'".into(),
            Tok::Pipe => "'|'".into(),
            Tok::Plus => "'+'".into(),
            Tok::Minus => "'-'".into(),
            Tok::Star => "'*'".into(),
            Tok::Eq => "'='".into(),
            Tok::Ne => "'!='".into(),
            Tok::Lt => "'<'".into(),
            Tok::Le => "'<='".into(),
            Tok::Gt => "'>'".into(),
            Tok::Ge => "'>='".into(),
            Tok::At => "'@'".into(),
            Tok::ColonColon => "'::'".into(),
            Tok::End => "the end of the expression".into(),
        }
    }
}

fn err(message: impl Into<String>, at: usize) -> ExprError {
    ExprError {
        message: message.into(),
        at,
    }
}

fn is_name_start(c: char) -> bool {
    c.is_alphabetic() || c == '_'
}

fn is_name_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '-' || c == '.'
}

/// Splits `src` into tokens, the last one always [`Tok::End`].
pub(crate) fn tokenize(src: &str) -> Result<Vec<Token>, ExprError> {
    let chars: Vec<char> = src.chars().collect();
    let at = |i: usize| chars.get(i).copied();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(c) = at(i) {
        let start = i;
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        let two = at(i + 1);
        let (kind, len) = match c {
            '0'..='9' => number(&chars, i),
            '.' if two.is_some_and(|d| d.is_ascii_digit()) => number(&chars, i),
            '.' if two == Some('.') => (Tok::DotDot, 2),
            '.' => (Tok::Dot, 1),
            '\'' | '"' => {
                let mut j = i + 1;
                while at(j).is_some_and(|d| d != c) {
                    j += 1;
                }
                if at(j).is_none() {
                    return Err(err(
                        "unclosed string: a quote is missing its closing quote",
                        i,
                    ));
                }
                let text: String = chars.get(i + 1..j).unwrap_or_default().iter().collect();
                (Tok::Str(text), j + 1 - i)
            }
            '$' => {
                if two != Some('{') {
                    return Err(err("a '$' must start a reference like ${name}", i));
                }
                let mut j = i + 2;
                while at(j).is_some_and(is_name_char) {
                    j += 1;
                }
                let name: String = chars.get(i + 2..j).unwrap_or_default().iter().collect();
                match at(j) {
                    Some('}') if name.is_empty() => {
                        return Err(err("empty reference ${}: a question name is missing", i));
                    }
                    Some('}') => (Tok::Ref(name), j + 1 - i),
                    None => {
                        return Err(err(
                            format!("unclosed reference ${{{name}: the closing }} is missing"),
                            i,
                        ));
                    }
                    Some(bad) => {
                        return Err(err(
                            format!("unexpected character '{bad}' in reference ${{{name}"),
                            j,
                        ));
                    }
                }
            }
            c if is_name_start(c) => {
                let mut j = i + 1;
                while at(j).is_some_and(is_name_char) {
                    j += 1;
                }
                // A prefixed name (`jr:choice-name`), but not an axis (`child::`).
                if at(j) == Some(':') && at(j + 1).is_some_and(is_name_start) {
                    j += 2;
                    while at(j).is_some_and(is_name_char) {
                        j += 1;
                    }
                }
                let name: String = chars.get(i..j).unwrap_or_default().iter().collect();
                (Tok::Name(name), j - i)
            }
            '(' => (Tok::LParen, 1),
            ')' => (Tok::RParen, 1),
            '[' => (Tok::LBracket, 1),
            ']' => (Tok::RBracket, 1),
            ',' => (Tok::Comma, 1),
            '/' if two == Some('/') => (Tok::SlashSlash, 2),
            '/' => (Tok::Slash, 1),
            '|' => (Tok::Pipe, 1),
            '+' => (Tok::Plus, 1),
            '-' => (Tok::Minus, 1),
            '*' => (Tok::Star, 1),
            '=' => (Tok::Eq, 1),
            '!' if two == Some('=') => (Tok::Ne, 2),
            '<' if two == Some('=') => (Tok::Le, 2),
            '<' => (Tok::Lt, 1),
            '>' if two == Some('=') => (Tok::Ge, 2),
            '>' => (Tok::Gt, 1),
            '@' => (Tok::At, 1),
            ':' if two == Some(':') => (Tok::ColonColon, 2),
            other => return Err(err(format!("unexpected character '{other}'"), i)),
        };
        out.push(Token { kind, at: start });
        i += len;
    }
    out.push(Token {
        kind: Tok::End,
        at: chars.len(),
    });
    Ok(out)
}

/// A number literal at `i`: digits with an optional fraction, or `.5`. No exponent in XPath.
fn number(chars: &[char], i: usize) -> (Tok, usize) {
    let mut j = i;
    while chars.get(j).is_some_and(char::is_ascii_digit) {
        j += 1;
    }
    if chars.get(j) == Some(&'.') {
        j += 1;
        while chars.get(j).is_some_and(char::is_ascii_digit) {
            j += 1;
        }
    }
    let text: String = chars.get(i..j).unwrap_or_default().iter().collect();
    (Tok::Num(text.parse().unwrap_or(f64::NAN)), j - i)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing, reason = "tests")]
mod tests {
    use super::*;

    fn kinds(src: &str) -> Vec<Tok> {
        tokenize(src).unwrap().into_iter().map(|t| t.kind).collect()
    }

    #[test]
    fn tokens_of_a_constraint() {
        assert_eq!(
            kinds(". >= 0 and .5 <= ${a_b-c.d}"),
            vec![
                Tok::Dot,
                Tok::Ge,
                Tok::Num(0.0),
                Tok::Name("and".into()),
                Tok::Num(0.5),
                Tok::Le,
                Tok::Ref("a_b-c.d".into()),
                Tok::End
            ]
        );
        assert_eq!(
            kinds("jr:choice-name(../x, \"it's\")"),
            vec![
                Tok::Name("jr:choice-name".into()),
                Tok::LParen,
                Tok::DotDot,
                Tok::Slash,
                Tok::Name("x".into()),
                Tok::Comma,
                Tok::Str("it's".into()),
                Tok::RParen,
                Tok::End
            ]
        );
    }

    #[test]
    fn offsets_are_in_chars() {
        let toks = tokenize("'é' = ${x").unwrap_err();
        assert_eq!(toks.at, 6);
        let toks = tokenize("'éé' != 1").unwrap();
        assert_eq!(toks[1].at, 5);
    }
}
