//! A condition written back as its expression, for a survey file written by the app.

use super::{Condition, Literal, Op};

impl std::fmt::Display for Condition {
    /// The expression as a survey file writes it; [`Condition::parse`] reads it back the same.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let joined = |f: &mut std::fmt::Formatter<'_>, terms: &[Condition], word: &str| {
            for (i, t) in terms.iter().enumerate() {
                if i > 0 {
                    write!(f, " {word} ")?;
                }
                match t {
                    Condition::And(_) | Condition::Or(_) => write!(f, "({t})")?,
                    _ => write!(f, "{t}")?,
                }
            }
            Ok(())
        };
        match self {
            Condition::Compare {
                question,
                op,
                value,
            } => {
                let op = match op {
                    Op::Eq => "=",
                    Op::Ne => "!=",
                    Op::Lt => "<",
                    Op::Le => "<=",
                    Op::Gt => ">",
                    Op::Ge => ">=",
                };
                write!(f, "{question} {op} {value}")
            }
            Condition::In { question, values } => {
                let values: Vec<String> = values.iter().map(ToString::to_string).collect();
                write!(f, "{question} in [{}]", values.join(", "))
            }
            Condition::And(terms) => joined(f, terms, "and"),
            Condition::Or(terms) => joined(f, terms, "or"),
            Condition::Not(inner) => match **inner {
                Condition::Not(_) => write!(f, "not {inner}"),
                _ => write!(f, "not ({inner})"),
            },
        }
    }
}

impl std::fmt::Display for Literal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Literal::Number(n) => f.write_str(&crate::decimal::show(*n)),
            // A text holds no quote of the kind that closes it (the parser has no escapes).
            Literal::Text(t) if t.contains('\'') => write!(f, "\"{t}\""),
            Literal::Text(t) => write!(f, "'{t}'"),
        }
    }
}
