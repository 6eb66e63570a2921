//! The schemas of the types that travel as text (a period, a dimension, a cell's key and
//! bucket): a string with its pattern, so the OpenAPI document says what the parser accepts.

use std::borrow::Cow;

use utoipa::openapi::RefOr;
use utoipa::openapi::schema::{ObjectBuilder, Schema, Type};

use crate::bucket::{Bucket, CellKey};
use crate::share::{Dimension, Period};

macro_rules! text_schema {
    ($t:ty, $name:literal, $pattern:expr, $description:literal) => {
        impl utoipa::PartialSchema for $t {
            fn schema() -> RefOr<Schema> {
                ObjectBuilder::new()
                    .schema_type(Type::String)
                    .pattern(Some($pattern))
                    .description(Some($description))
                    .into()
            }
        }
        impl utoipa::ToSchema for $t {
            fn name() -> Cow<'static, str> {
                Cow::Borrowed($name)
            }
        }
    };
}

text_schema!(
    Period,
    "Period",
    r"^(20[0-9]{2}|2100)(-Q[1-4])?$",
    "A year (2026) or a quarter (2026-Q1): never a date."
);
text_schema!(
    Dimension,
    "Dimension",
    r"^(|college:[a-z0-9_-]{1,64}|session:[A-HJKMNP-Z2-9]{9})$",
    "Empty for the whole period, college:ID, or session:CODE (nine letters)."
);
text_schema!(
    CellKey,
    "CellKey",
    r"^([a-z0-9_-]{1,64}|(score|progress|start):[a-z-]+)$",
    "What is counted: a shareable question's id, score:INDICATOR, progress:INDICATOR (since the first reading) or start:INDICATOR (the first reading's score band, sent with each later one)."
);
text_schema!(
    Bucket,
    "Bucket",
    r"^[a-z0-9._+-]{1,64}$",
    "The bucket an answer fell in: a level, an option id, a number bucket's lower bound, yes, no, dont-know, other, a score band (0-20 … 80-100) or a progress step (down-20, down-5, same, up-5, up-20)."
);
