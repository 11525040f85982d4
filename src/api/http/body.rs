//! [`Body`]: a response body that is either owned or shared with a cache, so a cached
//! export is sent without copying its bytes per response.

use std::ops::Deref;
use std::sync::Arc;

/// A response body: bytes owned by this response, or bytes shared (reference-counted)
/// with whoever else holds them, such as the export cache. It reads as a `[u8]`.
#[derive(Clone)]
pub struct Body(Repr);

#[derive(Clone)]
enum Repr {
    Owned(Vec<u8>),
    Shared(Arc<[u8]>),
}

impl Body {
    /// The bytes.
    pub fn as_slice(&self) -> &[u8] {
        match &self.0 {
            Repr::Owned(v) => v,
            Repr::Shared(a) => a,
        }
    }

    /// The bytes as a vector (copied only when shared).
    pub fn into_vec(self) -> Vec<u8> {
        match self.0 {
            Repr::Owned(v) => v,
            Repr::Shared(a) => a.to_vec(),
        }
    }
}

impl Default for Body {
    fn default() -> Self {
        Body(Repr::Owned(Vec::new()))
    }
}

impl Deref for Body {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        self.as_slice()
    }
}

impl AsRef<[u8]> for Body {
    fn as_ref(&self) -> &[u8] {
        self.as_slice()
    }
}

impl std::fmt::Debug for Body {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?}", String::from_utf8_lossy(self.as_slice()))
    }
}

impl From<Vec<u8>> for Body {
    fn from(v: Vec<u8>) -> Self {
        Body(Repr::Owned(v))
    }
}

impl From<String> for Body {
    fn from(s: String) -> Self {
        Body(Repr::Owned(s.into_bytes()))
    }
}

impl From<&[u8]> for Body {
    fn from(b: &[u8]) -> Self {
        Body(Repr::Owned(b.to_vec()))
    }
}

impl From<&str> for Body {
    fn from(s: &str) -> Self {
        Body(Repr::Owned(s.as_bytes().to_vec()))
    }
}

impl From<Arc<[u8]>> for Body {
    fn from(a: Arc<[u8]>) -> Self {
        Body(Repr::Shared(a))
    }
}

impl PartialEq for Body {
    fn eq(&self, other: &Body) -> bool {
        self.as_slice() == other.as_slice()
    }
}

impl Eq for Body {}

impl PartialEq<[u8]> for Body {
    fn eq(&self, other: &[u8]) -> bool {
        self.as_slice() == other
    }
}

impl PartialEq<&[u8]> for Body {
    fn eq(&self, other: &&[u8]) -> bool {
        self.as_slice() == *other
    }
}

impl PartialEq<Vec<u8>> for Body {
    fn eq(&self, other: &Vec<u8>) -> bool {
        self.as_slice() == other.as_slice()
    }
}

impl<const N: usize> PartialEq<[u8; N]> for Body {
    fn eq(&self, other: &[u8; N]) -> bool {
        self.as_slice() == other
    }
}

impl<const N: usize> PartialEq<&[u8; N]> for Body {
    fn eq(&self, other: &&[u8; N]) -> bool {
        self.as_slice() == *other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn owned_and_shared_read_and_compare_alike() {
        let shared: Arc<[u8]> = Arc::from(&b"abc"[..]);
        let a = Body::from(Arc::clone(&shared));
        let b = Body::from(b"abc".to_vec());
        assert_eq!(a, b);
        assert_eq!(a, b"abc");
        assert_eq!(&*a, b"abc");
        assert_eq!(a.len(), 3);
        // Cloning a shared body shares the bytes.
        let c = a.clone();
        assert_eq!(Arc::strong_count(&shared), 3);
        assert_eq!(c.into_vec(), b"abc".to_vec());
        assert_eq!(format!("{:?}", Body::from("x\"y")), "\"x\\\"y\"");
        assert!(Body::default().is_empty());
    }
}
