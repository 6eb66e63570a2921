//! The two identifiers that travel: a session's join code, read aloud and typed by people, and a
//! contribution's random id, which makes a retried upload count once.

/// The letters of a session's join code: no 0/O, 1/I/L, so it reads aloud and on a projector.
pub const CODE_ALPHABET: &str = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";

/// How many letters a session's join code has: 9 of 31 letters are 44 random bits, so that
/// guessing an open session's code is hopeless.
pub const CODE_LENGTH: usize = 9;

/// Whether `code` is a well-formed session join code ([`CODE_LENGTH`] letters of
/// [`CODE_ALPHABET`]).
pub fn is_session_code(code: &str) -> bool {
    code.len() == CODE_LENGTH && code.chars().all(|c| CODE_ALPHABET.contains(c))
}

/// A code as people read it on a projector and type it: three groups of three letters.
pub fn spaced_code(code: &str) -> String {
    let letters: Vec<char> = code.chars().collect();
    letters
        .chunks(3)
        .map(|c| c.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join("\u{a0}")
}

/// What a person typed as a code, in the form the server knows: letters only, upper case.
pub fn typed_code(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_uppercase()
}

/// How many hex digits a contribution id has: 128 random bits.
pub const ID_LENGTH: usize = 32;

/// Whether `id` is a contribution id: [`ID_LENGTH`] lowercase hex digits, 128 random bits and
/// nothing else, so no name or number can be slipped in.
pub fn is_contribution_id(id: &str) -> bool {
    id.len() == ID_LENGTH && id.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// A contribution id from 16 random bytes.
pub fn contribution_id(random: [u8; 16]) -> String {
    hex(&random)
}

/// Lowercase hex digits of `bytes`.
pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut text = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        text.push(char::from(DIGITS[usize::from(b >> 4)]));
        text.push(char::from(DIGITS[usize::from(b & 15)]));
    }
    text
}

/// The bytes of lowercase or uppercase hex digits; `None` for anything else.
pub fn unhex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_codes_have_one_form() {
        let id = contribution_id([0xab; 16]);
        assert_eq!(id.len(), 32);
        assert!(is_contribution_id(&id));
        for bad in [
            "JeanDupont-0612345678-aaaaaaaaaaaa",
            "ABABABABABABABABABABABABABABABAB",
            "abababababababababababababababa",
            "6f1c2a9e-4b1d-4c55-9a3e-2f0b1c7d9e10",
        ] {
            assert!(!is_contribution_id(bad), "{bad}");
        }
        assert_eq!(spaced_code("ABCDEFGHJ"), "ABC\u{a0}DEF\u{a0}GHJ");
        assert_eq!(typed_code(" abc-def ghj "), "ABCDEFGHJ");
        assert!(is_session_code(&typed_code("abc def ghj")));
        assert_eq!(unhex(&hex(&[0, 255, 16])), Some(vec![0, 255, 16]));
        assert_eq!(unhex("zz"), None);
    }
}
