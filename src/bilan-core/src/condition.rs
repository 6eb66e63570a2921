//! `show_if` conditions: a small expression language over earlier answers.
//!
//! ```text
//! statut = 'cree' and (salaries > 0 or benevoles >= 3)
//! not (canal in ['bouche-a-oreille', 'reseaux'])
//! ```
//! Values are numbers or quoted strings; yes/no questions compare with `'yes'` or `'no'`; a
//! multiple-choice question "equals" an option when that option is among those chosen. Any
//! comparison with an unanswered question (or "I don't know") is false.

use serde::{Deserialize, Serialize};

use crate::answer::{Answer, Answers};

mod write;

/// A parsed condition.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Condition {
    Compare {
        question: String,
        op: Op,
        value: Literal,
    },
    In {
        question: String,
        values: Vec<Literal>,
    },
    And(Vec<Condition>),
    Or(Vec<Condition>),
    Not(Box<Condition>),
}

/// A comparison operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Op {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

impl Op {
    /// Whether the operator orders values (and so needs numbers).
    pub fn is_ordering(self) -> bool {
        matches!(self, Op::Lt | Op::Le | Op::Gt | Op::Ge)
    }
}

/// A constant in a condition: a JSON number or string.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Literal {
    Number(f64),
    Text(String),
}

/// Read by what the value is, as `untagged` would, without serde's buffering of the value first
/// (its code was a phone's to download for every survey).
impl<'de> Deserialize<'de> for Literal {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Either;
        impl serde::de::Visitor<'_> for Either {
            type Value = Literal;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a number or a text")
            }
            fn visit_f64<E>(self, v: f64) -> Result<Literal, E> {
                Ok(Literal::Number(v))
            }
            fn visit_i64<E>(self, v: i64) -> Result<Literal, E> {
                Ok(Literal::Number(v as f64))
            }
            fn visit_u64<E>(self, v: u64) -> Result<Literal, E> {
                Ok(Literal::Number(v as f64))
            }
            fn visit_str<E>(self, v: &str) -> Result<Literal, E> {
                Ok(Literal::Text(v.to_owned()))
            }
        }
        d.deserialize_any(Either)
    }
}

/// A syntax error, at a byte offset of the expression.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct SyntaxError {
    pub offset: usize,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Ident(String),
    Number(f64),
    Str(String),
    Op(Op),
    And,
    Or,
    Not,
    In,
    LParen,
    RParen,
    LBracket,
    RBracket,
    Comma,
}

fn describe(token: Option<&Token>) -> String {
    match token {
        None => "the end".into(),
        Some(Token::Ident(name)) => format!("{name:?}"),
        Some(Token::Number(n)) => format!("the number {n}"),
        Some(Token::Str(s)) => format!("the text '{s}'"),
        Some(Token::Op(_)) => "an operator".into(),
        Some(Token::And) => "\"and\"".into(),
        Some(Token::Or) => "\"or\"".into(),
        Some(Token::Not) => "\"not\"".into(),
        Some(Token::In) => "\"in\"".into(),
        Some(Token::LParen) => "\"(\"".into(),
        Some(Token::RParen) => "\")\"".into(),
        Some(Token::LBracket) => "\"[\"".into(),
        Some(Token::RBracket) => "\"]\"".into(),
        Some(Token::Comma) => "\",\"".into(),
    }
}

fn tokenize(src: &str) -> Result<Vec<(usize, Token)>, SyntaxError> {
    let bytes = src.as_bytes();
    let mut tokens = Vec::new();
    let mut i = 0;
    let err = |offset, message: String| SyntaxError { offset, message };
    while i < bytes.len() {
        let c = bytes[i];
        let start = i;
        let token = match c {
            b' ' | b'\t' | b'\n' | b'\r' => {
                i += 1;
                continue;
            }
            b'(' => Token::LParen,
            b')' => Token::RParen,
            b'[' => Token::LBracket,
            b']' => Token::RBracket,
            b',' => Token::Comma,
            b'=' => Token::Op(Op::Eq),
            b'!' if bytes.get(i + 1) == Some(&b'=') => {
                i += 1;
                Token::Op(Op::Ne)
            }
            b'<' | b'>' => {
                let or_equal = bytes.get(i + 1) == Some(&b'=');
                if or_equal {
                    i += 1;
                }
                Token::Op(match (c, or_equal) {
                    (b'<', false) => Op::Lt,
                    (b'<', true) => Op::Le,
                    (_, false) => Op::Gt,
                    (_, true) => Op::Ge,
                })
            }
            b'\'' | b'"' => {
                let end = src[i + 1..]
                    .find(c as char)
                    .ok_or_else(|| err(start, "this text is not closed".into()))?;
                let text = src[i + 1..i + 1 + end].to_owned();
                i += end + 1;
                Token::Str(text)
            }
            b'0'..=b'9' | b'-' | b'.' => {
                let mut end = i + 1;
                while end < bytes.len() && (bytes[end].is_ascii_digit() || bytes[end] == b'.') {
                    end += 1;
                }
                let text = &src[i..end];
                let number = crate::decimal::parse(text).ok_or_else(|| {
                    err(
                        start,
                        format!("{text:?} is not a number of at most 15 significant digits"),
                    )
                })?;
                i = end - 1;
                Token::Number(number)
            }
            c if c.is_ascii_alphabetic() || c == b'_' => {
                let mut end = i + 1;
                while end < bytes.len()
                    && (bytes[end].is_ascii_alphanumeric()
                        || bytes[end] == b'_'
                        || bytes[end] == b'-')
                {
                    end += 1;
                }
                let word = &src[i..end];
                i = end - 1;
                match word {
                    "and" => Token::And,
                    "or" => Token::Or,
                    "not" => Token::Not,
                    "in" => Token::In,
                    _ => Token::Ident(word.to_owned()),
                }
            }
            _ => {
                let ch = src[i..].chars().next().unwrap_or('?');
                return Err(err(start, format!("unexpected character {ch:?}")));
            }
        };
        tokens.push((start, token));
        i += 1;
    }
    Ok(tokens)
}

struct Parser {
    tokens: Vec<(usize, Token)>,
    pos: usize,
    len: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.pos).map(|(_, t)| t)
    }

    fn offset(&self) -> usize {
        self.tokens.get(self.pos).map_or(self.len, |(o, _)| *o)
    }

    fn next(&mut self) -> Option<Token> {
        let token = self.tokens.get(self.pos).map(|(_, t)| t.clone());
        self.pos += 1;
        token
    }

    fn fail<T>(&self, expected: &str) -> Result<T, SyntaxError> {
        Err(SyntaxError {
            offset: self.offset(),
            message: format!("expected {expected}, found {}", describe(self.peek())),
        })
    }

    fn or(&mut self) -> Result<Condition, SyntaxError> {
        let mut terms = vec![self.and()?];
        while self.peek() == Some(&Token::Or) {
            self.next();
            terms.push(self.and()?);
        }
        Ok(if terms.len() == 1 {
            terms.remove(0)
        } else {
            Condition::Or(terms)
        })
    }

    fn and(&mut self) -> Result<Condition, SyntaxError> {
        let mut terms = vec![self.not()?];
        while self.peek() == Some(&Token::And) {
            self.next();
            terms.push(self.not()?);
        }
        Ok(if terms.len() == 1 {
            terms.remove(0)
        } else {
            Condition::And(terms)
        })
    }

    fn not(&mut self) -> Result<Condition, SyntaxError> {
        if self.peek() == Some(&Token::Not) {
            self.next();
            return Ok(Condition::Not(Box::new(self.not()?)));
        }
        self.atom()
    }

    fn literal(&mut self) -> Result<Literal, SyntaxError> {
        match self.peek() {
            Some(Token::Number(n)) => {
                let n = *n;
                self.next();
                Ok(Literal::Number(n))
            }
            Some(Token::Str(s)) => {
                let s = s.clone();
                self.next();
                Ok(Literal::Text(s))
            }
            _ => self.fail("a number or a quoted text"),
        }
    }

    fn atom(&mut self) -> Result<Condition, SyntaxError> {
        match self.peek() {
            Some(Token::LParen) => {
                self.next();
                let inner = self.or()?;
                if self.peek() != Some(&Token::RParen) {
                    return self.fail("\")\"");
                }
                self.next();
                Ok(inner)
            }
            Some(Token::Ident(_)) => {
                let Some(Token::Ident(question)) = self.next() else {
                    unreachable!("peeked an identifier")
                };
                match self.peek() {
                    Some(Token::Op(op)) => {
                        let op = *op;
                        self.next();
                        let value = self.literal()?;
                        Ok(Condition::Compare {
                            question,
                            op,
                            value,
                        })
                    }
                    Some(Token::In) => {
                        self.next();
                        if self.peek() != Some(&Token::LBracket) {
                            return self.fail("\"[\"");
                        }
                        self.next();
                        let mut values = vec![self.literal()?];
                        while self.peek() == Some(&Token::Comma) {
                            self.next();
                            values.push(self.literal()?);
                        }
                        if self.peek() != Some(&Token::RBracket) {
                            return self.fail("\",\" or \"]\"");
                        }
                        self.next();
                        Ok(Condition::In { question, values })
                    }
                    _ => self.fail("=, !=, <, <=, >, >= or \"in\""),
                }
            }
            _ => self.fail("a question id, \"not\" or \"(\""),
        }
    }
}

impl Condition {
    /// Parses an expression such as `statut = 'cree' and salaries > 0`.
    pub fn parse(src: &str) -> Result<Condition, SyntaxError> {
        let tokens = tokenize(src)?;
        let mut parser = Parser {
            tokens,
            pos: 0,
            len: src.len(),
        };
        let condition = parser.or()?;
        if parser.peek().is_some() {
            return parser.fail("\"and\", \"or\" or the end");
        }
        Ok(condition)
    }

    /// Reads question `to` wherever it read question `from` (a question renamed in a new
    /// version of its survey).
    pub fn rename(&mut self, from: &str, to: &str) {
        match self {
            Condition::Compare { question, .. } | Condition::In { question, .. } => {
                if question == from {
                    *question = to.to_owned();
                }
            }
            Condition::And(terms) | Condition::Or(terms) => {
                terms.iter_mut().for_each(|t| t.rename(from, to))
            }
            Condition::Not(inner) => inner.rename(from, to),
        }
    }

    /// Every comparison in the condition, with the question it reads.
    pub fn comparisons(&self) -> Vec<(&str, Option<Op>, &[Literal])> {
        let mut out = Vec::new();
        self.collect(&mut out);
        out
    }

    fn collect<'a>(&'a self, out: &mut Vec<(&'a str, Option<Op>, &'a [Literal])>) {
        match self {
            Condition::Compare {
                question,
                op,
                value,
            } => out.push((question, Some(*op), std::slice::from_ref(value))),
            Condition::In { question, values } => out.push((question, None, values)),
            Condition::And(terms) | Condition::Or(terms) => {
                terms.iter().for_each(|t| t.collect(out))
            }
            Condition::Not(inner) => inner.collect(out),
        }
    }

    /// Whether the condition holds for `answers`.
    pub fn eval(&self, answers: &Answers) -> bool {
        match self {
            Condition::Compare {
                question,
                op,
                value,
            } => answers
                .get(question)
                .is_some_and(|a| compare(a, *op, value)),
            Condition::In { question, values } => answers
                .get(question)
                .is_some_and(|a| values.iter().any(|v| compare(a, Op::Eq, v))),
            Condition::And(terms) => terms.iter().all(|t| t.eval(answers)),
            Condition::Or(terms) => terms.iter().any(|t| t.eval(answers)),
            Condition::Not(inner) => !inner.eval(answers),
        }
    }
}

/// What is left of a condition once some answers are settled: a kiosk's preset answers, say,
/// with the other questions still to be answered.
#[derive(Debug, Clone, PartialEq)]
pub enum Given {
    /// The settled answers decide it, whatever the others will be.
    Decided(bool),
    /// It depends on the other answers, as this condition on them says.
    Open(Condition),
}

impl Condition {
    /// The condition once `known` answers are settled and the questions `unasked` will have
    /// none (they are not asked); every other question may still get any answer. Deciding the
    /// rest as [`Condition::eval`] would is then the same as evaluating the whole.
    pub fn given(&self, known: &Answers, unasked: &[&str]) -> Given {
        match self {
            Condition::Compare { question, .. } | Condition::In { question, .. } => {
                if known.contains_key(question.as_str()) || unasked.contains(&question.as_str()) {
                    Given::Decided(self.eval(known))
                } else {
                    Given::Open(self.clone())
                }
            }
            Condition::And(terms) => Self::given_all(terms, known, unasked, false),
            Condition::Or(terms) => Self::given_all(terms, known, unasked, true),
            Condition::Not(inner) => match inner.given(known, unasked) {
                Given::Decided(holds) => Given::Decided(!holds),
                Given::Open(rest) => Given::Open(Condition::Not(Box::new(rest))),
            },
        }
    }

    /// `terms` joined by "or" when `any`, else by "and": a term decided as `any` decides them
    /// all, the others drop out, and what is left stays joined.
    fn given_all(terms: &[Condition], known: &Answers, unasked: &[&str], any: bool) -> Given {
        let mut left = Vec::new();
        for term in terms {
            match term.given(known, unasked) {
                Given::Decided(holds) if holds == any => return Given::Decided(any),
                Given::Decided(_) => {}
                Given::Open(rest) => left.push(rest),
            }
        }
        match left.len() {
            0 => Given::Decided(!any),
            1 => Given::Open(left.remove(0)),
            _ if any => Given::Open(Condition::Or(left)),
            _ => Given::Open(Condition::And(left)),
        }
    }
}

fn compare(answer: &Answer, op: Op, value: &Literal) -> bool {
    let number = match answer {
        Answer::Level(n) => Some(*n as f64),
        Answer::Number(x) => Some(*x),
        _ => None,
    };
    if let (Some(x), Literal::Number(y)) = (number, value) {
        return match op {
            Op::Eq => x == *y,
            Op::Ne => x != *y,
            Op::Lt => x < *y,
            Op::Le => x <= *y,
            Op::Gt => x > *y,
            Op::Ge => x >= *y,
        };
    }
    let Literal::Text(text) = value else {
        return false;
    };
    let equal = match answer {
        Answer::Choice { id, .. } => id == text,
        Answer::Choices { ids, .. } => ids.iter().any(|id| id == text),
        Answer::YesNo(yes) => text == if *yes { "yes" } else { "no" },
        _ => return false,
    };
    match op {
        Op::Eq => equal,
        Op::Ne => !equal,
        _ => false,
    }
}

crate::names::deserialize_by_name!(Op {
    Eq = "eq",
    Ne = "ne",
    Lt = "lt",
    Le = "le",
    Gt = "gt",
    Ge = "ge",
});

#[cfg(test)]
mod tests;
