//! Unit enums read from their names, as survey files, records and the wire write them.
//!
//! serde's derive reads each such enum through its own two visitors and the deserializer's enum
//! access, once per enum and format: on a phone, some 800 bytes of code per enum. Here one
//! visitor per format finds a name's position, and each enum keeps a table of its variants.

use std::fmt;

use serde::de::{self, Deserializer, Visitor};

/// The position in `names` of the name `d` holds; an unknown name is refused as serde's derive
/// refuses an unknown variant ("unknown variant `x`, expected one of `a`, `b`").
pub(crate) fn position<'de, D: Deserializer<'de>>(
    d: D,
    names: &'static [&'static str],
) -> Result<usize, D::Error> {
    struct Name(&'static [&'static str]);
    impl Visitor<'_> for Name {
        type Value = usize;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            write!(f, "one of {}", self.0.join(", "))
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<usize, E> {
            self.0
                .iter()
                .position(|n| *n == v)
                .ok_or_else(|| E::unknown_variant(v, self.0))
        }
    }
    d.deserialize_str(Name(names))
}

/// Implements `Deserialize` for a unit enum from its variants and their names, in one order
/// (the names its derived `Serialize` writes).
macro_rules! deserialize_by_name {
    ($t:ty { $($variant:ident = $name:literal),+ $(,)? }) => {
        impl<'de> serde::Deserialize<'de> for $t {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                const NAMES: &[&str] = &[$($name),+];
                const VARIANTS: &[$t] = &[$(<$t>::$variant),+];
                crate::names::position(d, NAMES).map(|i| VARIANTS[i])
            }
        }
    };
}
pub(crate) use deserialize_by_name;

#[cfg(test)]
mod tests {
    use crate::condition::Op;
    use crate::survey::{Audience, DatePrecision, Unit};
    use crate::{Indicator, Lang};

    /// Each variant written by the derived `Serialize` and read back by its name.
    fn round_trip<T>(all: &[T])
    where
        T: serde::Serialize + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug,
    {
        for value in all {
            let json = serde_json::to_string(value).unwrap();
            assert_eq!(&serde_json::from_str::<T>(&json).unwrap(), value, "{json}");
        }
    }

    #[test]
    fn every_named_enum_reads_back_what_it_writes() {
        round_trip(&Indicator::ALL);
        round_trip(&[Lang::Fr, Lang::En]);
        round_trip(&[Audience::Journey, Audience::Session, Audience::Figures]);
        round_trip(&Unit::ALL.map(|(u, _)| u));
        round_trip(&[
            DatePrecision::Day,
            DatePrecision::Month,
            DatePrecision::Year,
        ]);
        round_trip(&[Op::Eq, Op::Ne, Op::Lt, Op::Le, Op::Gt, Op::Ge]);
    }

    #[test]
    fn an_unknown_name_is_refused_naming_the_known_ones() {
        let err = serde_json::from_str::<Lang>("\"de\"")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("unknown variant `de`, expected `fr` or `en`"),
            "{err}"
        );
        let err = serde_json::from_str::<Unit>("3").unwrap_err().to_string();
        assert!(err.contains("expected one of none, euro"), "{err}");
    }
}
