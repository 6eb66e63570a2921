//! The server's secret, drawn at its first start and kept in the database: contribution ids are
//! stored only as its HMAC-SHA-256, and it keys the perturbation of every published count.

use bilan_core::disclosure::NoiseKey;
use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::db::Database;

/// The secret; its bytes never leave the server.
#[derive(Clone)]
pub struct Secret {
    bytes: [u8; 32],
    /// HMAC-SHA-256 under the secret, its key already absorbed: each id is hashed from a copy.
    mac: Hmac<Sha256>,
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(…)")
    }
}

impl Secret {
    /// A fresh secret from the operating system's random source.
    pub fn draw() -> Secret {
        let mut bytes = [0u8; 32];
        getrandom::getrandom(&mut bytes).expect("the OS random source is available");
        Secret::of(bytes)
    }

    fn of(bytes: [u8; 32]) -> Secret {
        let mac = Hmac::<Sha256>::new_from_slice(&bytes).expect("HMAC takes any key length");
        Secret { bytes, mac }
    }

    /// The secret from its hex form, as stored.
    pub fn from_hex(hex: &str) -> Option<Secret> {
        Some(Secret::of(bilan_core::share::unhex(hex)?.try_into().ok()?))
    }

    /// The hex form, to store it.
    pub fn to_hex(&self) -> String {
        bilan_core::share::hex(&self.bytes)
    }

    fn mac(&self, label: &[u8], message: &[u8]) -> [u8; 32] {
        let mut mac = self.mac.clone();
        mac.update(label);
        mac.update(message);
        mac.finalize().into_bytes().into()
    }

    /// What the server keeps of a contribution id: its keyed hash, so a retried upload is still
    /// recognised and the id itself is stored nowhere. 128 of the hash's bits are plenty to tell
    /// ids apart, and keep the index of a million ids as small as the ids themselves would.
    pub fn id_hash(&self, id: &str) -> String {
        bilan_core::share::hex(&self.mac(b"contribution-id:", id.as_bytes())[..16])
    }

    /// The key of the published counts' perturbations.
    pub fn noise_key(&self) -> NoiseKey {
        let bytes = self.mac(b"cell-key", b"");
        let mut key = [0u8; 16];
        key.copy_from_slice(&bytes[..16]);
        NoiseKey::new(key)
    }
}

/// The form an id sent before ids had one form takes now: a UUID without its dashes, so that
/// the retry of a contribution sent by an older app still counts once.
pub fn normalised_id(id: &str) -> String {
    let plain: String = id.chars().filter(|c| *c != '-').collect();
    let lower = plain.to_ascii_lowercase();
    if bilan_core::share::is_contribution_id(&lower) {
        lower
    } else {
        id.to_owned()
    }
}

/// The secret of the database, drawn and stored at the first start; the contribution ids kept
/// verbatim by an older server are replaced by their keyed hashes in the same transaction.
pub async fn load_or_create(db: &Database) -> Result<Secret, sqlx::Error> {
    loop {
        if let Some(secret) = db.secret().await?.as_deref().and_then(Secret::from_hex) {
            return Ok(secret);
        }
        let secret = Secret::draw();
        if db
            .set_secret(&secret.to_hex(), |id| secret.id_hash(&normalised_id(id)))
            .await?
        {
            tracing::info!("drew the server's secret; contribution ids are kept hashed");
            return Ok(secret);
        }
        // Another process drew it first: read theirs.
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_hashed_with_the_secret() {
        let (a, b) = (Secret::draw(), Secret::draw());
        let id = "0123456789abcdef0123456789abcdef";
        assert_eq!(a.id_hash(id).len(), 32);
        assert_eq!(a.id_hash(id), a.id_hash(id));
        assert_ne!(a.id_hash(id), b.id_hash(id));
        assert!(!a.id_hash(id).contains(id));
        assert_eq!(
            Secret::from_hex(&a.to_hex()).unwrap().id_hash(id),
            a.id_hash(id)
        );
        assert_eq!(format!("{a:?}"), "Secret(…)");
        assert_eq!(
            normalised_id("6F1C2A9E-4B1D-4C55-9A3E-2F0B1C7D9E10"),
            "6f1c2a9e4b1d4c559a3e2f0b1c7d9e10"
        );
        assert_eq!(normalised_id("contribution-r6"), "contribution-r6");
    }
}
